// The report's "403s just before expiry" count uses the summary's `<5 min` boundaries: time left in [0, window).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptRecord, ProbeRecord } from '../src/probes/probe-record.js';
import { CREDENTIAL_REFRESH_EVENT, readCredentialRefreshes } from '../src/recorder/credential-queries.js';
import { openDatabase, type Db } from '../src/recorder/database.js';
import { streamProbes } from '../src/recorder/probe-stream.js';
import { resolveRun } from '../src/recorder/queries.js';
import { insertRun, recordRunEvent } from '../src/recorder/runs.js';
import { RecordWriter } from '../src/recorder/writer.js';
import { SDK_REFRESH_MARGIN_MS } from '../src/summary/credential-expiry.js';
import { summarise } from '../src/summary/summarise.js';

const EXPIRES_AT_MS = Date.UTC(2026, 11, 4, 12);
/** Time left at each probe's start — both edges of the window, just inside them, past the expiry — and its answer. */
const PROBES: Array<[leftMs: number, status: number]> = [[SDK_REFRESH_MARGIN_MS, 403], [SDK_REFRESH_MARGIN_MS - 1, 200], [1, 200], [0, 200], [-1, 403]];

let dir: string;
let db: Db;

function attempt(startedAtMs: number, status: number): AttemptRecord & { credentialKind: string; accessKeyIdSuffix: string; credentialExpiresAtMs: number; signedAtMs: number } {
  return {
    attempt: 1, startedAtMs, endedAtMs: startedAtMs + 5, status, errorCode: null, errorBody: null, errorClass: null, requestId: `R${startedAtMs}`,
    extendedRequestId: null, responseDate: null, remoteAddress: '127.0.0.1', remotePort: 1, localPort: 2, socketReused: false, contentRange: null,
    etag: null, socketRequests: 1, credentialKind: 'temporary', accessKeyIdSuffix: 'WXYZ', credentialExpiresAtMs: EXPIRES_AT_MS, signedAtMs: startedAtMs,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-credential-queries-'));
  db = openDatabase(join(dir, 'results.sqlite'));
  insertRun(db, {
    id: 'run-a', scenarioName: 'x', scenarioText: '', scenarioPath: '', target: 's3', endpoint: null, region: 'us-east-1', bucket: 'b', prefix: 'p/',
    seed: 1, concurrency: 1, maxAttempts: 1, plannedProbes: PROBES.length, harnessVersion: 't', sdkVersion: 't', nodeVersion: 't', platform: 't',
    hostName: 't', commandLine: 't', startedAtMs: EXPIRES_AT_MS - 3_600_000,
  });
  recordRunEvent(db, 'run-a', EXPIRES_AT_MS - 3_600_000, CREDENTIAL_REFRESH_EVENT, {
    arm: 'sdk', atMs: EXPIRES_AT_MS - 3_600_000, accessKeyIdSuffix: 'WXYZ', credentialKind: 'temporary', expiresAtMs: EXPIRES_AT_MS,
  });
  const writer = new RecordWriter(db);
  PROBES.forEach(([leftMs, status], index) => {
    const startedAtMs = EXPIRES_AT_MS - leftMs;
    const record: ProbeRecord = {
      runId: 'run-a', objectKey: `p/obj-${index}`, method: 'head', phase: 'after-upload', offsetMs: 0, plannedAtMs: startedAtMs, startedAtMs,
      latencyMs: 5, status, errorCode: null, errorBody: null, errorClass: null, requestId: `R${startedAtMs}`, extendedRequestId: null, attempts: 1,
      bytes: null, attemptRecords: [attempt(startedAtMs, status)], seq: index + 1, trigger: 'plan', followsSeq: null, arm: 'sdk',
    };
    writer.writeProbe(record);
  });
  writer.close();
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('403s just before credential expiry', () => {
  it('the report counts time left in [0, 5 min), exactly the summary\'s `<5 min` bucket', () => {
    const [refresh] = readCredentialRefreshes(db, ['run-a'], SDK_REFRESH_MARGIN_MS);
    expect(refresh.nearExpiry).toEqual({ probes: 3, forbidden: 0 });
    const summary = summarise(resolveRun(db, 'run-a'), streamProbes(db, ['run-a']));
    expect(summary.forbiddenBy.probes.credentialExpiry).toEqual({ '<5 min': 3, '5-15 min': 1, expired: 1 });
    expect(summary.forbiddenBy.credentialExpiry).toEqual({ '5-15 min': 1, expired: 1 });
  });
});
