#!/bin/sh
# Nightly s3probe run for cron: probes one bucket, keeps every run in one results file, writes a Markdown report,
# and mails on-call when a threshold fails (exit 99) or the harness itself fails (any other non-zero code).
# Install s3probe in /opt/s3probe (git clone …; npm ci), then see crontab.example in this folder.
set -u

S3PROBE_DIR=${S3PROBE_DIR:-/opt/s3probe}
RESULTS=${RESULTS:-/var/lib/s3probe}
BUCKET=${BUCKET:-my-probe-bucket}
REGION=${REGION:-eu-west-1}
ALERT_TO=${ALERT_TO:-oncall@example.com}

cd "$S3PROBE_DIR" || exit 1
mkdir -p "$RESULTS/reports"

./node_modules/.bin/s3probe run scenarios/aws-nightly.yaml \
  --bucket "$BUCKET" --region "$REGION" \
  --db "$RESULTS/s3probe.sqlite" --no-progress \
  --threshold 'head.forbidden-rate < 0.001' \
  --threshold 'ranged-get.forbidden == 0' \
  --threshold 'any.network-error-rate < 0.01'
code=$?

report="$RESULTS/reports/$(date -u +%Y%m%dT%H%M%SZ).md"
./node_modules/.bin/s3probe report --db "$RESULTS/s3probe.sqlite" --format markdown -o "$report"

case $code in
  0) ;;
  99) mail -s "s3probe: thresholds failed on $(hostname) ($BUCKET, $REGION)" "$ALERT_TO" < "$report" ;;
  *) echo "s3probe exited $code" | mail -s "s3probe: run failed on $(hostname) (exit $code)" "$ALERT_TO" ;;
esac
exit $code
