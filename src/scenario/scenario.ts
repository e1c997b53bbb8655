// The validated, normalised scenario that every later layer reads (camelCase of the file's kebab-case keys).
import type { Method } from '../probes/probe-record.js';

export type Target = 'local' | 's3';

export interface Scenario {
  version: 1;
  name: string;
  target: Target;
  /** Endpoint URL for target s3 (undefined = AWS). Ignored for local, which picks a free port. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Everything a run creates lives under `<prefix><run-id>/`. */
  prefix: string;
  objects: { count: number; sizeBytes: number[] };
  methods: Method[];
  schedule: {
    /** Negative offsets relative to the upload's start, ascending. */
    beforeUploadMs: number[];
    /** Non-negative offsets relative to the upload's completion, ascending. */
    afterUploadMs: number[];
    uploadIntervalMs: number;
  };
  concurrency: number;
  seed: number;
  sdk: {
    maxAttempts: number;
    requestTimeoutMs: number;
    /** Ceph RGW 16 rejects trailing checksums on streamed bodies: WHEN_REQUIRED avoids them. */
    requestChecksumCalculation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  };
  cleanup: boolean;
  pathStyle: boolean;
  /** AWS shared-config profile name, target s3 only. */
  profile?: string;
}

/** Where a scenario came from, kept verbatim in the `runs` table. */
export interface ScenarioSource {
  path: string;
  text: string;
}
