// Helpers for tests against the throwaway RGW: its state, SDK clients per user, test buckets, the CLI with clean credentials.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import type { Method, ProbeRecord } from '../../src/probes/probe-record.js';
import { runProbe } from '../../src/probes/run-probe.js';
import { SocketLedger } from '../../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../../src/s3/client.js';
import { ROOT, type CliResult } from '../helpers/cli.js';
import type { RgwState, RgwUser } from './rgw-state.js';

export function rgw(): RgwState {
  return inject('cephRgw');
}

/** An SDK client for `user` (or for made-up keys), configured as s3probe configures one for RGW. */
export function clientFor(user: Pick<RgwUser, 'accessKeyId' | 'secretAccessKey'>): ProbeClient {
  const { endpoint, region } = rgw();
  return createS3Client({
    region,
    endpoint,
    pathStyle: true,
    credentials: { accessKeyId: user.accessKeyId, secretAccessKey: user.secretAccessKey },
    maxAttempts: 1,
    requestTimeoutMs: 10_000,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    concurrency: 4,
  });
}

/** Creates a bucket with a unique name (so reruns against a reused gateway start empty), retrying while RGW warms up. */
export async function createTestBucket(owner: S3Client, label: string): Promise<string> {
  const bucket = `s3probe-${label}-${randomBytes(3).toString('hex')}`;
  const deadlineMs = Date.now() + 30_000;
  for (;;) {
    try {
      await owner.send(new CreateBucketCommand({ Bucket: bucket }));
      return bucket;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if ((status !== undefined && status < 500) || Date.now() > deadlineMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

export async function putObject(s3: S3Client, bucket: string, key: string, sizeBytes: number): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(sizeBytes, 'x') }));
}

export async function listAllKeys(s3: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys.sort();
}

/** The methods the RGW findings in docs/s3-compatible-stores.md were recorded for (the original report's three). */
export const FINDING_METHODS: readonly Method[] = ['head', 'ranged-get', 'get'];

/** Fires one probe through s3probe's own probe code, as a run would, and returns its record. */
export async function probeOnce(s3: S3Client, bucket: string, objectKey: string, method: Method): Promise<ProbeRecord> {
  const now = () => performance.timeOrigin + performance.now();
  return runProbe(
    { runId: 'ceph-test', s3, bucket, ledger: new SocketLedger(), now },
    { objectKey, method, phase: 'after-upload', offsetMs: 0, plannedAtMs: now() },
  );
}

export function makeTempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `s3probe-ceph-${label}-`));
}

/** Writes a small target-s3 scenario for this gateway; `extra` lines are appended verbatim. */
export function writeScenario(dir: string, name: string, bucket: string, extra = ''): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    [
      'version: 1',
      `name: ${name}`,
      'target: s3',
      `endpoint: ${rgw().endpoint}`,
      `bucket: ${bucket}`,
      'path-style: true',
      'concurrency: 8',
      'sdk: { max-attempts: 1, request-checksum-calculation: WHEN_REQUIRED }',
      extra,
    ].join('\n'),
  );
  return path;
}

/**
 * Runs the built CLI with `user`'s keys as the only credentials: every AWS_* variable of this process is dropped and
 * the shared config/credentials files point nowhere, so no real profile can leak in.
 */
export function runS3probe(args: string[], user: Pick<RgwUser, 'accessKeyId' | 'secretAccessKey'>): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  });
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
