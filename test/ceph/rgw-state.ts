// The state file scripts/ceph-rgw.sh writes once RGW answers (<state dir>/rgw.json): endpoint, users, PIDs, timings.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/cli.js';

export interface RgwUser {
  uid: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RgwState {
  endpoint: string;
  region: string;
  /** Created by `up`, owned by `users.owner`; the bucket of scenarios/ceph-local.yaml. */
  bucket: string;
  users: {
    /** Owns every bucket the tests create, so it has s3:ListBucket on them. */
    owner: RgwUser;
    /** Has no permission on the owner's buckets unless a bucket policy grants it. */
    reader: RgwUser;
  };
  pids: { mon: number; osd: number; rgw: number };
  stateDir: string;
  conf: string;
  cephVersion: string;
  installSeconds: number;
  startupSeconds: number;
}

export const CEPH_SCRIPT = join(ROOT, 'scripts', 'ceph-rgw.sh');

/** The script's state directory: S3PROBE_CEPH_DIR, as the script resolves it. */
export function rgwStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.S3PROBE_CEPH_DIR || join(ROOT, '.ceph-rgw');
}

export function readRgwState(env: NodeJS.ProcessEnv = process.env): RgwState {
  return JSON.parse(readFileSync(join(rgwStateDir(env), 'rgw.json'), 'utf8')) as RgwState;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cephRgw: RgwState;
  }
}
