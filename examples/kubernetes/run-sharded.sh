#!/bin/sh
# Runs tonight's sharded probe (indexed-job.yaml), waits for every shard, then merges them (merge-job.yaml).
# Schedule it from wherever you run kubectl (a CI job, or a CronJob whose service account may create Jobs).
# Exits 99 when a shard failed its thresholds (after merging what there is), 1 when the shards did not finish.
set -eu
cd "$(dirname "$0")"
day=$(date -u +%Y%m%d%H%M)
group="s3probe-shards-$day"

sed "s/s3probe-shards-20261204/$group/" indexed-job.yaml | kubectl apply -f -
# Complete or Failed, whichever comes first (a failed index still leaves the other shards' results); at most 2 h.
waited=0
until kubectl get "job/$group" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}' | grep -Eq 'Complete|Failed'; do
  [ "$waited" -ge 7200 ] && { echo "job/$group did not finish in 2 h" >&2; exit 1; }
  sleep 30
  waited=$((waited + 30))
done
failed=$(kubectl get "job/$group" -o jsonpath='{.status.failedIndexes}')

sed -e "s/s3probe-merge-20261204/s3probe-merge-$day/" -e "s/value: s3probe-shards-20261204/value: $group/" merge-job.yaml | kubectl apply -f -
kubectl wait --for=condition=complete --timeout=15m "job/s3probe-merge-$day"
kubectl logs "job/s3probe-merge-$day"

if [ -n "$failed" ]; then
  echo "shards $failed failed (exit 99 = thresholds): see /results/$group/report.html" >&2
  exit 99
fi
