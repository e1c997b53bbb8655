// How to fix each scenario key, by key path without indexes: the "Fix: …" ending of every validation message.
import { METHODS } from '../probes/probe-record.js';

export const FIX_BY_KEY: Record<string, string> = {
  '': 'start from scenarios/quickstart.yaml; the format is described in docs/scenario-format.md',
  version: 'set `version: 1`',
  name: 'name the scenario, e.g. `name: nightly-us-east-1`',
  target: 'set `target: local` for the embedded endpoint or `target: s3` for AWS or an S3-compatible endpoint',
  endpoint: 'use e.g. `endpoint: http://127.0.0.1:9000`, or remove the key to reach AWS (target s3 only)',
  region: 'use e.g. `region: us-east-1`, or remove the key for us-east-1',
  bucket: 'use an existing bucket, e.g. `bucket: my-team-s3probe`',
  prefix: 'use e.g. `prefix: s3probe/`, or `prefix: ""` for the bucket root',
  objects: 'write e.g. `objects: { count: 200, size-bytes: [0, 1, 4096] }`',
  'objects.count': 'use e.g. `count: 200`',
  'objects.size-bytes': 'list byte sizes, e.g. `size-bytes: [0, 1, 4096]`',
  methods: `list each of ${METHODS.join(', ')} at most once, e.g. \`methods: [${METHODS.join(', ')}]\``,
  schedule: 'write e.g. `schedule: { before-upload-ms: [-1000, -100], after-upload-ms: [0, 100, 1000], upload-interval-ms: 20 }`',
  'schedule.before-upload-ms': 'list negative offsets in ascending order, e.g. `before-upload-ms: [-1000, -100]`, or `[]` for none',
  'schedule.after-upload-ms': 'list offsets ≥ 0 in ascending order, e.g. `after-upload-ms: [0, 100, 1000]`, or `[]` for none',
  'schedule.upload-interval-ms': 'use e.g. `upload-interval-ms: 20`',
  concurrency: 'use e.g. `concurrency: 32`',
  seed: 'use e.g. `seed: 42`',
  sdk: 'write e.g. `sdk: { max-attempts: 1, request-timeout-ms: 10000 }`',
  'sdk.max-attempts': 'use e.g. `max-attempts: 1` (1 = no SDK retries, so every failure is seen)',
  'sdk.request-timeout-ms': 'use e.g. `request-timeout-ms: 10000`',
  'sdk.request-checksum-calculation': 'use `WHEN_SUPPORTED` (AWS) or `WHEN_REQUIRED` (Ceph RGW 16)',
  cleanup: 'write `cleanup: true` or `cleanup: false`',
  'path-style': 'write `path-style: true` or `path-style: false`',
  profile: 'use a profile name from ~/.aws/config (target s3 only), or remove the key',
};

/** An example value per command-line override, for "Fix: e.g. --concurrency 32". */
export const FLAG_EXAMPLE: Record<string, string> = {
  endpoint: 'http://127.0.0.1:9000',
  bucket: 'my-team-s3probe',
  prefix: 's3probe/',
  region: 'us-east-1',
  profile: 'research',
  'path-style': '',
  concurrency: '32',
  seed: '42',
  objects: '200',
};
