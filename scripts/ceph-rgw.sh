#!/usr/bin/env bash
# Starts, reports on and stops a throwaway single-node Ceph RADOS Gateway (1 mon + 1 memstore OSD + radosgw) on 127.0.0.1.
#
#   scripts/ceph-rgw.sh up       install what is missing (root, Debian), start everything, wait until S3 answers
#   scripts/ceph-rgw.sh status   say what is running (exit 0 up, 1 partly up/stale, 3 not running)
#   scripts/ceph-rgw.sh env      print `export` lines: S3PROBE_CEPH_ENDPOINT and the owner user's keys
#   scripts/ceph-rgw.sh down     stop every process `up` started (by PID) and remove the state directory
#
# Environment:
#   S3PROBE_CEPH_DIR       state directory (default: <repo>/.ceph-rgw); holds ceph.conf, logs, PIDs and rgw.json
#   S3PROBE_CEPH_RGW_PORT  S3 port (default: 7480 when free, otherwise a free port)
#   S3PROBE_CEPH_WAIT_S    bound on each start-up wait in seconds (default 90)
#
# Everything here is throwaway: no authentication between daemons, data in memory, fixed test keys.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${S3PROBE_CEPH_DIR:-$REPO_DIR/.ceph-rgw}"
WAIT_S="${S3PROBE_CEPH_WAIT_S:-90}"
CONF="$STATE_DIR/ceph.conf"
STATE_FILE="$STATE_DIR/rgw.json"
PACKAGES=(radosgw ceph-mon ceph-osd ceph-common curl)
BINARIES=(ceph ceph-mon ceph-osd radosgw radosgw-admin monmaptool curl)
DAEMONS=(rgw osd mon) # stop order
REGION=us-east-1
BUCKET=s3probe-ceph
# Fixed, public, throwaway test keys: this cluster accepts no traffic from beyond 127.0.0.1 and is deleted by `down`.
OWNER_UID=s3probe-owner
OWNER_KEY=S3PROBECEPHOWNER0001
OWNER_SECRET=s3probe-ceph-owner-throwaway-secret
READER_UID=s3probe-reader
READER_KEY=S3PROBECEPHREADER001
READER_SECRET=s3probe-ceph-reader-throwaway-secret

log() { printf 'ceph-rgw: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_s() { printf '%s' "$EPOCHREALTIME"; }
elapsed_s() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }
json_string() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }

# ---- processes ----------------------------------------------------------------------------------

pid_of() { cat "$STATE_DIR/run/$1.pid" 2>/dev/null || true; }

# True when PID is alive and is the daemon we started (its command line names our binary and ceph.conf), so a
# recycled PID is never signalled.
is_ours() {
  local pid=$1 binary=$2 cmdline
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ "$cmdline" == *"$binary"* && "$cmdline" == *"$CONF"* ]]
}

binary_of() { case $1 in mon) echo ceph-mon ;; osd) echo ceph-osd ;; rgw) echo radosgw ;; esac; }
log_of() { case $1 in mon) echo "$STATE_DIR/log/mon.a.log" ;; osd) echo "$STATE_DIR/log/osd.0.log" ;; rgw) echo "$STATE_DIR/log/client.rgw.s3probe.log" ;; esac; }
daemon_alive() { is_ours "$(pid_of "$1")" "$(binary_of "$1")"; }

# start_daemon NAME COMMAND... : runs it in the foreground of its own session, output to log/NAME.out, PID to run/NAME.pid.
start_daemon() {
  local name=$1
  shift
  setsid "$@" </dev/null >"$STATE_DIR/log/$name.out" 2>&1 &
  echo $! >"$STATE_DIR/run/$name.pid"
}

# An exited daemon stays a zombie until init reaps it (the script that started it has exited): wait a bounded time
# for that, so that nothing, not even a <defunct> entry, is left in `ps` when `down` returns.
wait_reaped() {
  local pid=$1
  for _ in $(seq 1 50); do
    [[ -e "/proc/$pid" ]] || return 0
    sleep 0.1
  done
}

# stop_daemon NAME: TERM, then KILL after a bound; only if the PID is still ours.
stop_daemon() {
  local name=$1 pid binary
  pid=$(pid_of "$name")
  binary=$(binary_of "$name")
  is_ours "$pid" "$binary" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    is_ours "$pid" "$binary" || { wait_reaped "$pid"; log "stopped $name (pid $pid)"; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do is_ours "$pid" "$binary" || { wait_reaped "$pid"; return 0; }; sleep 0.1; done
  log "warning: $name (pid $pid) is still alive after SIGKILL"
}

stop_all() { local name; for name in "${DAEMONS[@]}"; do stop_daemon "$name"; done; }

log_tail() {
  local file
  for file in "$@"; do
    [[ -s "$file" ]] || continue
    printf -- '---- last lines of %s ----\n' "$file" >&2
    tail -n 25 "$file" >&2
  done
}

# wait_until DAEMON WHAT COMMAND... : retries COMMAND every 0.5 s for WAIT_S seconds; fails early if DAEMON died.
wait_until() {
  local daemon=$1 what=$2 deadline
  shift 2
  deadline=$(($(date +%s) + WAIT_S))
  until "$@" >/dev/null 2>&1; do
    if ! daemon_alive "$daemon"; then
      log "error: $daemon exited while waiting for $what"
      log_tail "$STATE_DIR/log/$daemon.out" "$(log_of "$daemon")"
      return 1
    fi
    if (($(date +%s) >= deadline)); then
      log "error: timed out after ${WAIT_S} s waiting for $what (raise S3PROBE_CEPH_WAIT_S to wait longer)"
      log_tail "$STATE_DIR/log/$daemon.out" "$(log_of "$daemon")"
      return 1
    fi
    sleep 0.5
  done
}

# ---- ports, config, S3 --------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_free_port VAR: a port outside Linux's ephemeral range (32768-60999), so no outgoing connection holds it,
# and not one picked before by this script.
TAKEN_PORTS=" 7480 "
pick_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if [[ "$TAKEN_PORTS" != *" $port "* ]] && ! port_in_use "$port"; then
      TAKEN_PORTS+="$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
  done
  die "found no free port on 127.0.0.1 between 20000 and 32000"
}

write_conf() {
  local fsid=$1 mon_v2=$2 mon_v1=$3 rgw_port=$4
  cat >"$CONF" <<EOF
# Throwaway single-node cluster written by scripts/ceph-rgw.sh: no auth, memstore, pool size 1, loopback only.
[global]
fsid = $fsid
mon host = [v2:127.0.0.1:$mon_v2,v1:127.0.0.1:$mon_v1]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = $STATE_DIR/run
admin socket =
log file = $STATE_DIR/log/\$name.log
log to stderr = false
mon data = $STATE_DIR/mon/\$cluster-\$id
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon data avail warn = 0
mon data avail crit = 0
osd data = $STATE_DIR/osd/\$cluster-\$id
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0

[client.rgw.s3probe]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $STATE_DIR/rgw
# radosgw defaults to "secure" only, which the "none" auth method cannot offer.
ms mon client mode = crc secure
EOF
}

ceph_cli() { timeout 30 ceph -c "$CONF" --connect-timeout 20 "$@"; }
osd_is_up() { [[ $(ceph_cli osd stat -f json) == *'"num_up_osds":1'* ]]; }
http_answers() { curl -s -o /dev/null --max-time 2 "$1/"; }

# create_bucket ENDPOINT BUCKET: SigV4-signed CreateBucket as the owner; 200, or 409 when it exists already.
create_bucket() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X PUT \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$OWNER_KEY:$OWNER_SECRET" \
    -H 'x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' "$1/$2")
  [[ "$code" == 200 || "$code" == 409 ]]
}

create_user() {
  radosgw-admin -c "$CONF" user create --uid="$1" --display-name="$2" --access-key="$3" --secret-key="$4" >/dev/null 2>"$STATE_DIR/log/radosgw-admin.err" || {
    log_tail "$STATE_DIR/log/radosgw-admin.err" "$(log_of rgw)"
    return 1
  }
}

# ---- commands -----------------------------------------------------------------------------------

install_missing() {
  local missing=() binary
  for binary in "${BINARIES[@]}"; do command -v "$binary" >/dev/null || missing+=("$binary"); done
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing ${missing[*]}; as root on Debian/Ubuntu run: apt-get install -y --no-install-recommends ${PACKAGES[*]}"
  fi
  log "installing ${PACKAGES[*]} (missing: ${missing[*]})"
  local started
  started=$(now_s)
  local apt_log="${TMPDIR:-/tmp}/s3probe-ceph-apt.log"
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"; } >"$apt_log" 2>&1; then
    log_tail "$apt_log"
    die "apt-get failed (full log: $apt_log)"
  fi
  INSTALL_S=$(elapsed_s "$started")
  log "installed in ${INSTALL_S} s"
}

# Exit status: 0 all up, 1 state left behind but not (fully) running, 3 nothing there.
check_status() {
  [[ -d "$STATE_DIR" ]] || return 3
  local name up=0
  for name in "${DAEMONS[@]}"; do daemon_alive "$name" && up=$((up + 1)); done
  ((up == ${#DAEMONS[@]})) && [[ -s "$STATE_FILE" ]] && return 0
  return 1
}

endpoint_of_state() { sed -n 's/^ *"endpoint": "\(.*\)",$/\1/p' "$STATE_FILE"; }

cmd_status() {
  local status=0 name pid
  check_status || status=$?
  if ((status == 3)); then
    echo "not running (no state directory $STATE_DIR)"
    return 3
  fi
  for name in mon osd rgw; do
    pid=$(pid_of "$name")
    if daemon_alive "$name"; then echo "$name: running (pid $pid)"; else echo "$name: not running${pid:+ (pid file says $pid)}"; fi
  done
  if ((status == 0)); then
    local endpoint
    endpoint=$(endpoint_of_state)
    if http_answers "$endpoint"; then echo "S3 endpoint: $endpoint (answering)"; else echo "S3 endpoint: $endpoint (NOT answering)"; status=1; fi
    echo "state file: $STATE_FILE"
  else
    echo "partly running or stale: run \`$0 down\` to clean up"
  fi
  return "$status"
}

cmd_env() {
  check_status || die "not running; start it with \`$0 up\`"
  # Not AWS_ENDPOINT_URL: the SDKs honour it, and would then send a later real-AWS run from this shell to RGW.
  printf 'export S3PROBE_CEPH_ENDPOINT=%s\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n' \
    "$(endpoint_of_state)" "$OWNER_KEY" "$OWNER_SECRET"
}

cmd_down() {
  if [[ ! -d "$STATE_DIR" ]]; then
    log "nothing to stop ($STATE_DIR does not exist)"
    return 0
  fi
  stop_all
  rm -rf "$STATE_DIR"
  log "removed $STATE_DIR"
}

# On a failed `up`: stop what was started, keep the logs for a post-mortem, remove the rest.
abort_up() {
  trap - EXIT INT TERM
  log "start-up failed: stopping what was started"
  stop_all
  if [[ -d "$STATE_DIR/log" ]]; then
    local kept
    kept=$(mktemp -d "${TMPDIR:-/tmp}/s3probe-ceph-failed.XXXXXX")
    mv "$STATE_DIR/log" "$kept/"
    log "logs kept in $kept/log"
  fi
  rm -rf "$STATE_DIR"
  exit 1
}

cmd_up() {
  local status=0
  check_status || status=$?
  if ((status == 0)); then
    log "already up: $(endpoint_of_state) (state: $STATE_FILE)"
    endpoint_of_state
    return 0
  fi
  if ((status == 1)); then
    log "found a stale state directory: cleaning it up first"
    cmd_down
  fi
  local fsid osd_uuid mon_v2 mon_v1 rgw_port
  rgw_port=${S3PROBE_CEPH_RGW_PORT:-}
  if [[ -n "$rgw_port" ]] && { [[ ! "$rgw_port" =~ ^[0-9]+$ ]] || port_in_use "$rgw_port"; }; then
    die "S3PROBE_CEPH_RGW_PORT=$rgw_port: not a port, or something already listens on 127.0.0.1:$rgw_port; pick another or unset it"
  fi
  INSTALL_S=0
  install_missing
  local started
  started=$(now_s)
  mkdir -p "$STATE_DIR"/{run,log,mon,osd/ceph-0,rgw}
  trap abort_up EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  fsid=$(cat /proc/sys/kernel/random/uuid)
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  pick_free_port mon_v2
  pick_free_port mon_v1
  if [[ -z "$rgw_port" ]]; then
    if port_in_use 7480; then pick_free_port rgw_port; else rgw_port=7480; fi
  fi
  local endpoint="http://127.0.0.1:$rgw_port"
  write_conf "$fsid" "$mon_v2" "$mon_v1" "$rgw_port"

  log "starting the monitor on 127.0.0.1:$mon_v2"
  monmaptool --create --clobber --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_v2,v1:127.0.0.1:$mon_v1]" "$STATE_DIR/monmap" >"$STATE_DIR/log/monmaptool.out" 2>&1 ||
    { log_tail "$STATE_DIR/log/monmaptool.out"; die "monmaptool failed"; }
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$STATE_DIR/monmap" >"$STATE_DIR/log/mon-mkfs.out" 2>&1 ||
    { log_tail "$STATE_DIR/log/mon-mkfs.out" "$(log_of mon)"; die "ceph-mon --mkfs failed"; }
  start_daemon mon ceph-mon -c "$CONF" -i a -f
  wait_until mon "the monitor to answer" ceph_cli mon stat

  log "starting the memstore OSD"
  # `osd create` must be given the UUID that `--mkfs --osd-uuid` writes, or the OSD never boots.
  local osd_id
  osd_id=$(ceph_cli osd create "$osd_uuid" 2>"$STATE_DIR/log/osd-create.err") ||
    { log_tail "$STATE_DIR/log/osd-create.err" "$(log_of mon)"; die "ceph osd create failed"; }
  [[ "$osd_id" == 0 ]] || die "ceph osd create returned id '$osd_id', expected 0 on a fresh cluster"
  ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$osd_uuid" >"$STATE_DIR/log/osd-mkfs.out" 2>&1 ||
    { log_tail "$STATE_DIR/log/osd-mkfs.out" "$(log_of osd)"; die "ceph-osd --mkfs failed"; }
  start_daemon osd ceph-osd -c "$CONF" -i 0 -f
  wait_until osd "the OSD to be up" osd_is_up

  log "starting radosgw on $endpoint"
  start_daemon rgw radosgw -c "$CONF" -n client.rgw.s3probe -f
  wait_until rgw "S3 to answer on $endpoint" http_answers "$endpoint"
  create_user "$OWNER_UID" "s3probe owner" "$OWNER_KEY" "$OWNER_SECRET" || die "radosgw-admin user create $OWNER_UID failed"
  create_user "$READER_UID" "s3probe reader (no s3:ListBucket)" "$READER_KEY" "$READER_SECRET" || die "radosgw-admin user create $READER_UID failed"
  wait_until rgw "CreateBucket $BUCKET to succeed" create_bucket "$endpoint" "$BUCKET"

  local startup_s
  startup_s=$(elapsed_s "$started")
  cat >"$STATE_FILE.tmp" <<EOF
{
  "endpoint": "$endpoint",
  "region": "$REGION",
  "bucket": "$BUCKET",
  "users": {
    "owner": { "uid": "$OWNER_UID", "accessKeyId": "$OWNER_KEY", "secretAccessKey": "$OWNER_SECRET" },
    "reader": { "uid": "$READER_UID", "accessKeyId": "$READER_KEY", "secretAccessKey": "$READER_SECRET" }
  },
  "pids": { "mon": $(pid_of mon), "osd": $(pid_of osd), "rgw": $(pid_of rgw) },
  "stateDir": $(json_string "$STATE_DIR"),
  "conf": $(json_string "$CONF"),
  "cephVersion": $(json_string "$(ceph --version 2>/dev/null | cut -d' ' -f3)"),
  "installSeconds": $INSTALL_S,
  "startupSeconds": $startup_s
}
EOF
  mv "$STATE_FILE.tmp" "$STATE_FILE"
  trap - EXIT INT TERM
  log "up in ${startup_s} s: $endpoint (bucket $BUCKET; users and keys in $STATE_FILE; \`$0 env\` prints them as exports)"
  echo "$endpoint"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    echo "usage: $0 up|down|status|env" >&2
    exit 2
    ;;
esac
