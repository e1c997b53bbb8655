// The SDK path's per-attempt signing facts and credential refreshes, against the embedded endpoint: what signed each attempt, never a secret.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../src/clock.js';
import { collectReport } from '../src/commands/collect-report.js';
import { summariseRun } from '../src/commands/summary.js';
import type { CredentialRefresh } from '../src/engines/engine.js';
import { sdkEngine } from '../src/engines/index.js';
import { defaultIdentities, type LocalS3Identity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import type { ProbeRecord } from '../src/probes/probe-record.js';
import { CREDENTIAL_REFRESH_EVENT } from '../src/recorder/credential-queries.js';
import { openDatabase } from '../src/recorder/database.js';
import { finishRun, insertRun, recordRunEvent } from '../src/recorder/runs.js';
import { resolveRunSelection } from '../src/recorder/run-selection.js';
import { RecordWriter } from '../src/recorder/writer.js';
import { renderReportMarkdown } from '../src/report/report-markdown.js';
import { renderSummaryTable } from '../src/report/summary-table.js';
import { SocketLedger, type SdkAttemptRecord } from '../src/s3/attempt-capture.js';
import { createS3Client, type ProbeClient } from '../src/s3/client.js';

const BUCKET = 'sdk-credentials';
const OWNER = defaultIdentities()[0];
/** Two temporary identities; A has no s3:ListBucket, so a missing key answers 403 to it and 404 to B. */
const TEMP_A: LocalS3Identity = {
  name: 'temp-a', accessKeyId: 'S3PROBEROTATE000AAAA', secretAccessKey: 'rotate-fake-secret-a', sessionToken: 'rotate-fake-session-token-a', listBucket: false,
};
const TEMP_B: LocalS3Identity = {
  name: 'temp-b', accessKeyId: 'S3PROBEROTATE000BBBB', secretAccessKey: 'rotate-fake-secret-b', sessionToken: 'rotate-fake-session-token-b',
};
const NEVER_STORED = ['rotate-fake-secret', 'rotate-fake-session-token', 'S3PROBEROTATE000', OWNER.secretAccessKey, OWNER.accessKeyId];

let server: LocalS3;
const clients: ProbeClient[] = [];
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-sdk-credentials-'));
  server = await startLocalS3({ identities: [OWNER, TEMP_A, TEMP_B] });
  const owner = connect(OWNER);
  await owner.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await owner.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'present', Body: 'hello' }));
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function connect(credentials: AwsCredentialIdentity | (() => Promise<AwsCredentialIdentity>)): ProbeClient {
  const client = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials,
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 2,
  });
  clients.push(client);
  return client;
}

function engineOf(client: ProbeClient) {
  return sdkEngine({ runId: 'run-sdk-credentials', s3: client.s3, bucket: BUCKET, ledger: new SocketLedger(), now: realClock.now });
}

const order = (objectKey: string, method: 'head' | 'ranged-get' | 'get' = 'head') => ({ objectKey, method, phase: 'after-upload' as const, offsetMs: 0, plannedAtMs: Date.now() });
const attemptsOf = (records: ProbeRecord[]) => records.flatMap((record) => record.attemptRecords as SdkAttemptRecord[]);

/** A provider that hands out A (expiring inside the SDK's 5-minute refresh margin, so the SDK asks before every request) until told to rotate to B. */
function rotatingProvider(aExpiresAtMs: number, bExpiresAtMs: number) {
  let current: AwsCredentialIdentity = { ...TEMP_A, expiration: new Date(aExpiresAtMs) };
  return {
    provide: async () => current,
    rotate: () => {
      current = { ...TEMP_B, expiration: new Date(bExpiresAtMs) };
    },
  };
}

describe('SDK attempts record what signed them', () => {
  it('static keys: signing clock, x-amz-date, kind, key suffix, no expiry; http has no TLS protocol', async () => {
    const client = connect(OWNER);
    const refreshes: CredentialRefresh[] = [];
    client.onCredentialRefresh((event) => refreshes.push(event));
    const records = await Promise.all([order('present', 'head'), order('present', 'ranged-get'), order('missing', 'get')].map((o) => engineOf(client).probe(o)));
    expect(records.map((r) => r.status)).toEqual([200, 206, 404]);
    for (const attempt of attemptsOf(records)) {
      expect(attempt).toMatchObject({ credentialKind: 'static', accessKeyIdSuffix: OWNER.accessKeyId.slice(-4), credentialExpiresAtMs: null, tlsProtocol: null });
      expect(attempt.signedAtMs).toBeGreaterThanOrEqual(attempt.startedAtMs);
      expect(attempt.signedAtMs).toBeLessThanOrEqual(attempt.endedAtMs);
      // x-amz-date names the whole second the SDK signed in (no clock correction against this endpoint): at or before signedAtMs.
      const amzDateMs = Date.parse(attempt.amzDate!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
      expect(attempt.signedAtMs - amzDateMs).toBeGreaterThanOrEqual(-5);
      expect(attempt.signedAtMs - amzDateMs).toBeLessThan(1000 + 50);
    }
    expect(refreshes).toEqual([{ atMs: expect.any(Number), accessKeyIdSuffix: OWNER.accessKeyId.slice(-4), credentialKind: 'static', expiresAtMs: null }]);
  });

  it('temporary credentials from a provider: kind, suffix and expiry of the identity that signed, one refresh event', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    let calls = 0;
    const client = connect(async () => {
      calls++;
      return { ...TEMP_B, expiration };
    });
    const refreshes: CredentialRefresh[] = [];
    client.onCredentialRefresh((event) => refreshes.push(event));
    const records = [await engineOf(client).probe(order('present')), await engineOf(client).probe(order('present', 'get'))];
    expect(records.map((r) => r.status)).toEqual([200, 200]);
    for (const attempt of attemptsOf(records)) {
      expect(attempt).toMatchObject({ credentialKind: 'temporary', accessKeyIdSuffix: 'BBBB', credentialExpiresAtMs: expiration.getTime() });
    }
    // The SDK memoizes the provider outside its refresh margin: asked once, one refresh.
    expect(calls).toBe(1);
    expect(refreshes).toEqual([{ atMs: expect.any(Number), accessKeyIdSuffix: 'BBBB', credentialKind: 'temporary', expiresAtMs: expiration.getTime() }]);
    expect(JSON.stringify([records, refreshes])).not.toMatch(/rotate-fake|S3PROBEROTATE000/);
  });

  it('a listener added after the first request still hears the refreshes so far', async () => {
    const client = connect({ ...TEMP_B });
    await engineOf(client).probe(order('present'));
    const late: CredentialRefresh[] = [];
    client.onCredentialRefresh((event) => late.push(event));
    expect(late).toEqual([expect.objectContaining({ accessKeyIdSuffix: 'BBBB', credentialKind: 'temporary', expiresAtMs: null })]);
  });
});

describe('a provider that rotates keys mid-run', () => {
  it('yields two refresh events, attempts stamped with both identities, and the 403s near expiry in the summary and report', async () => {
    const startMs = Date.now();
    const aExpiresAtMs = startMs + 4 * 60_000;
    const bExpiresAtMs = startMs + 2 * 3_600_000;
    const provider = rotatingProvider(aExpiresAtMs, bExpiresAtMs);
    const client = connect(provider.provide);
    const refreshes: CredentialRefresh[] = [];
    client.onCredentialRefresh((event) => refreshes.push(event));
    const engine = engineOf(client);
    const records: ProbeRecord[] = [];
    for (let i = 0; i < 4; i++) records.push(await engine.probe(order(`missing-${i}`)));
    provider.rotate();
    for (let i = 0; i < 6; i++) records.push(await engine.probe(order(`missing-${4 + i}`)));

    expect(records.map((r) => r.status)).toEqual([403, 403, 403, 403, 404, 404, 404, 404, 404, 404]);
    expect(attemptsOf(records).map((a) => `${a.accessKeyIdSuffix} ${a.credentialKind} ${a.credentialExpiresAtMs}`)).toEqual([
      ...Array(4).fill(`AAAA temporary ${aExpiresAtMs}`),
      ...Array(6).fill(`BBBB temporary ${bExpiresAtMs}`),
    ]);
    expect(refreshes.map((r) => [r.accessKeyIdSuffix, r.expiresAtMs])).toEqual([['AAAA', aExpiresAtMs], ['BBBB', bExpiresAtMs]]);

    // Recorded as a run would record them: probes and attempts through the writer, refreshes as run events.
    const dbPath = join(dir, 'rotate.sqlite');
    const db = openDatabase(dbPath);
    try {
      insertRun(db, {
        id: 'run-sdk-credentials', scenarioName: 'rotate', scenarioText: 'version: 1\nname: rotate\n', scenarioPath: 'rotate.yaml', target: 'local',
        endpoint: server.endpoint, region: 'us-east-1', bucket: BUCKET, prefix: '', seed: 1, concurrency: 1, maxAttempts: 1, plannedProbes: records.length,
        harnessVersion: 'test', sdkVersion: 'test', nodeVersion: process.version, platform: process.platform, hostName: 'test-host', commandLine: 's3probe run rotate.yaml',
        startedAtMs: startMs,
      });
      const writer = new RecordWriter(db);
      for (const record of records) writer.writeProbe({ ...record, arm: 'sdk' });
      writer.close();
      for (const event of refreshes) recordRunEvent(db, 'run-sdk-credentials', Date.now(), CREDENTIAL_REFRESH_EVENT, { arm: 'sdk', ...event });
      finishRun(db, 'run-sdk-credentials', 'completed', Date.now());

      const columns = db.prepare('SELECT access_key_id_suffix AS suffix, credential_kind AS kind, credential_expires_at_ms AS expires, signed_at_ms AS signed, amz_date AS amzDate FROM attempts ORDER BY id').all() as Array<Record<string, unknown>>;
      expect(columns.map((row) => row.suffix)).toEqual([...Array(4).fill('AAAA'), ...Array(6).fill('BBBB')]);
      for (const row of columns) expect(row).toMatchObject({ kind: 'temporary', signed: expect.any(Number), amzDate: expect.stringMatching(/^\d{8}T\d{6}Z$/) });

      const summary = summariseRun(db, 'run-sdk-credentials');
      // A's 403s fell inside the SDK's refresh margin; B (two hours left) answered 404.
      expect(summary.forbiddenBy.credentialExpiry).toEqual({ '<5 min': 4 });
      expect(summary.forbiddenBy.probes.credentialExpiry).toEqual({ '<5 min': 4, '>60 min': 6 });
      expect(summary.forbiddenBy.probes.remoteAddress).toEqual({ '127.0.0.1': 10 });
      expect(renderSummaryTable(summary)).toContain('403s by time to credential expiry: <5 min 4/4 (100.0%), >60 min 0/6 (0.0%)');

      const report = collectReport(db, resolveRunSelection(db, { run: 'run-sdk-credentials' }), { maxAnomalies: 10, generator: 'test', nowMs: Date.now() });
      expect(report.credentials.rows.map((row) => [row.arms, row.accessKeyIdSuffix, row.expiresAt, row.nearExpiry])).toEqual([
        [['sdk'], 'AAAA', new Date(aExpiresAtMs).toISOString(), { probes: 4, forbidden: 4 }],
        [['sdk'], 'BBBB', new Date(bExpiresAtMs).toISOString(), { probes: 0, forbidden: 0 }],
      ]);
      const markdown = renderReportMarkdown(report);
      expect(markdown).toContain('403s in the 5 min before expiry');
      expect(markdown).toMatch(/\| sdk \| [^|]+ \| …AAAA \| temporary \| [^|]+ \| 4 of 4 probes \|/);
    } finally {
      db.close();
    }
    // Every byte written: no secret, session token or full key id (the WAL holds recent pages, so read it too).
    for (const path of [dbPath, `${dbPath}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(path).toString('latin1');
      } catch {
        continue;
      }
      for (const needle of NEVER_STORED) expect(bytes, `${path}: ${needle}`).not.toContain(needle);
    }
  });
});
