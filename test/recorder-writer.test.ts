// Integration: RecordWriter on a real results file — batching, timer flushes, attempts linked to probes, read-back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AttemptRecord, EndpointLogRecord, ProbeRecord } from '../src/probes/probe-record.js';
import { openDatabase, type Db } from '../src/recorder/database.js';
import { ATTEMPTS_WITHOUT_REQUEST_ID_SQL, ENDPOINT_TALLY_SQL, readGroundTruth } from '../src/recorder/ground-truth-queries.js';
import { iterateProbes, readObjects, resolveRun } from '../src/recorder/queries.js';
import { insertRun, type RunInfo } from '../src/recorder/runs.js';
import { RecordWriter } from '../src/recorder/writer.js';
import { summariseGroundTruth } from '../src/summary/ground-truth.js';
import { summarise } from '../src/summary/summarise.js';

let dir: string;
const open: Db[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-recorder-'));
});
afterEach(() => {
  vi.useRealTimers();
  for (const db of open.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openTracked(path: string): Db {
  const db = openDatabase(path);
  open.push(db);
  return db;
}

function runInfo(id: string, startedAtMs = 1_764_860_000_000): RunInfo {
  return {
    id, scenarioName: 'quickstart', scenarioText: 'version: 1\nname: quickstart\n', scenarioPath: 'scenarios/quickstart.yaml',
    target: 'local', endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'probe-bucket', prefix: `s3probe/${id}/`,
    seed: 42, concurrency: 8, maxAttempts: 3, plannedProbes: 6, harnessVersion: '0.1.0', sdkVersion: '3.1178.0',
    nodeVersion: 'v20.20.2', platform: 'linux-x64', hostName: 'ci-host', commandLine: 's3probe run scenarios/quickstart.yaml',
    startedAtMs,
  };
}

function attempt(n: number, status: number | null, requestId: string): AttemptRecord {
  return {
    attempt: n, startedAtMs: 1000.25 + n, endedAtMs: 1010.5 + n, status, errorCode: status === 403 ? 'AccessDenied' : null,
    errorBody: null, errorClass: status === null ? 'ECONNRESET' : null, requestId, extendedRequestId: `${requestId}-id2`,
    responseDate: 'Thu, 04 Dec 2025 15:28:07 GMT', remoteAddress: '127.0.0.1', remotePort: 9000, localPort: 50_000 + n,
    socketReused: n > 1, contentRange: null, etag: null,
  };
}

function probe(runId: string, i: number, attempts: AttemptRecord[] = [attempt(1, 200, `req-${i}`)]): ProbeRecord {
  const last = attempts[attempts.length - 1];
  return {
    runId, objectKey: `s3probe/${runId}/obj-${i % 10}`, method: i % 2 === 0 ? 'head' : 'ranged-get',
    phase: i % 3 === 0 ? 'before-upload' : 'after-upload', offsetMs: i % 3 === 0 ? -100 : 250,
    plannedAtMs: 2000 + i, startedAtMs: 2000.5 + i, latencyMs: 12.75, status: last.status, errorCode: last.errorCode,
    errorBody: null, errorClass: last.errorClass, requestId: last.requestId, extendedRequestId: last.extendedRequestId,
    attempts: attempts.length, bytes: i % 2 === 0 ? null : 1, attemptRecords: attempts, seq: i + 1, trigger: 'plan', followsSeq: null,
  };
}

function catchError(action: () => unknown): Error & { code?: string } {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}

describe('RecordWriter', () => {
  it('writes queued probes and attempts on the timer, linked by probe_id', () => {
    vi.useFakeTimers();
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db, { flushIntervalMs: 50 });
    writer.writeProbe(probe('run-a', 0, [attempt(1, 503, 'r0-1'), attempt(2, 403, 'r0-2')]));
    writer.writeProbe(probe('run-a', 1, [attempt(1, null, 'r1-1')]));
    const count = db.prepare('SELECT count(*) FROM probes').pluck();
    expect(count.get()).toBe(0);
    vi.advanceTimersByTime(49);
    expect(count.get()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(count.get()).toBe(2);
    expect(writer.written).toEqual({ probes: 2, attempts: 3, objects: 0, endpointLog: 0 });

    const rows = [...iterateProbes(db, 'run-a')];
    expect(rows).toContainEqual({
      objectKey: 's3probe/run-a/obj-0', method: 'head', phase: 'before-upload', offsetMs: -100, status: 403, errorCode: 'AccessDenied',
      errorClass: null, latencyMs: 12.75, attempts: 2, startedAtMs: 2000.5, plannedAtMs: 2000, trigger: 'plan', keyListed: null, arm: 'default',
      remoteAddress: '127.0.0.1', socketRequests: null, credentialKind: null, credentialLeftMs: null,
    });
    expect(rows.find((row) => row.method === 'ranged-get')).toMatchObject({ status: null, errorClass: 'ECONNRESET' });

    const joined = db
      .prepare(
        `SELECT p.method, a.attempt, a.status, a.request_id, a.extended_request_id, a.socket_reused, a.started_at_ms
         FROM attempts a JOIN probes p ON p.id = a.probe_id ORDER BY a.request_id`,
      )
      .all();
    expect(joined).toEqual([
      { method: 'head', attempt: 1, status: 503, request_id: 'r0-1', extended_request_id: 'r0-1-id2', socket_reused: 0, started_at_ms: 1001.25 },
      { method: 'head', attempt: 2, status: 403, request_id: 'r0-2', extended_request_id: 'r0-2-id2', socket_reused: 1, started_at_ms: 1002.25 },
      { method: 'ranged-get', attempt: 1, status: null, request_id: 'r1-1', extended_request_id: 'r1-1-id2', socket_reused: 0, started_at_ms: 1001.25 },
    ]);
    writer.close();
  });

  it('flushes immediately at maxBatch, and close() writes what is pending', () => {
    vi.useFakeTimers();
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db, { maxBatch: 3 });
    for (let i = 0; i < 4; i += 1) writer.writeProbe(probe('run-a', i));
    expect(writer.written.probes).toBe(3);
    writer.close();
    expect(writer.written.probes).toBe(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('upserts objects and marks them deleted in queue order', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db);
    const base = { runId: 'run-a', sizeBytes: 0, uploadStartedAtMs: 10, status: null, errorCode: null, etag: null, deleted: false };
    writer.writeObject({ ...base, key: 'k1', uploadEndedAtMs: null });
    writer.writeObject({ ...base, key: 'k1', uploadEndedAtMs: 20, status: 200, etag: '"abc"' });
    writer.writeObject({ ...base, key: 'k2', uploadStartedAtMs: 30, uploadEndedAtMs: 40, status: 200 });
    writer.markObjectsDeleted('run-a', ['k1']);
    writer.flush();
    expect(readObjects(db, 'run-a')).toEqual([
      { ...base, key: 'k1', uploadEndedAtMs: 20, status: 200, etag: '"abc"', deleted: true },
      { ...base, key: 'k2', uploadStartedAtMs: 30, uploadEndedAtMs: 40, status: 200, deleted: false },
    ]);
  });

  it('a failed flush rolls back its batch and every later call throws E_RESULTS', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db);
    writer.writeProbe(probe('run-a', 0));
    writer.writeProbe(probe('no-such-run', 1)); // foreign key violation
    expect(catchError(() => writer.flush())).toMatchObject({ code: 'E_RESULTS', message: expect.stringMatching(/FOREIGN KEY/) });
    expect(db.prepare('SELECT count(*) FROM probes').pluck().get()).toBe(0);
    expect(catchError(() => writer.writeProbe(probe('run-a', 2)))).toMatchObject({ code: 'E_RESULTS' });
  });

  it('two writers on two connections to the same file both land all rows', () => {
    const path = join(dir, 'results.sqlite');
    const first = openTracked(path);
    const second = openTracked(path);
    insertRun(first, runInfo('run-a'));
    insertRun(second, runInfo('run-b'));
    const writers = [new RecordWriter(first, { maxBatch: 7 }), new RecordWriter(second, { maxBatch: 11 })];
    for (let i = 0; i < 500; i += 1) {
      writers[0].writeProbe(probe('run-a', i));
      writers[1].writeProbe(probe('run-b', i));
    }
    for (const writer of writers) writer.close();
    const counts = first.prepare('SELECT run_id, count(*) AS n FROM probes GROUP BY run_id ORDER BY run_id').all();
    expect(counts).toEqual([{ run_id: 'run-a', n: 500 }, { run_id: 'run-b', n: 500 }]);
    expect(first.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(1000);
  });

  it('writes 200k probes with one attempt each (prints the rate)', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db);
    const total = 200_000;
    const startedAt = performance.now();
    for (let i = 0; i < total; i += 1) writer.writeProbe(probe('run-a', i));
    writer.close();
    const elapsedMs = performance.now() - startedAt;
    console.log(`RecordWriter: ${total} probes in ${elapsedMs.toFixed(0)} ms (${Math.round(total / (elapsedMs / 1000))} probes/s)`);
    expect(writer.written).toEqual({ probes: total, attempts: total, objects: 0, endpointLog: 0 });
    expect(db.prepare('SELECT count(*) FROM attempts').pluck().get()).toBe(total);
  });
});

describe('read side feeds the summary', () => {
  it('a written run, read back with iterateProbes, summarises to the counts written', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    const writer = new RecordWriter(db);
    for (let i = 0; i < 60; i += 1) {
      writer.writeProbe(probe('run-a', i, [attempt(1, i % 10 === 0 ? 403 : i % 3 === 0 ? 404 : 200, `r${i}`)]));
    }
    writer.close();
    const summary = summarise(resolveRun(db, 'run-a'), iterateProbes(db, 'run-a'));
    expect(summary.run).toMatchObject({ id: 'run-a', probes: 60, plannedProbes: 6 });
    expect(summary.methods.map((stats) => [stats.method, stats.probes, stats.forbidden])).toEqual([
      ['head', 30, 6],
      ['ranged-get', 30, 0],
    ]);
  });
});

describe('endpoint log', () => {
  function logEntry(runId: string, requestId: string | null, status: number | null, extra: Partial<EndpointLogRecord> = {}): EndpointLogRecord {
    return {
      runId, atMs: 1000.5, httpMethod: 'HEAD', operation: 'HeadObject', bucket: 'probe-bucket', objectKey: `s3probe/${runId}/obj-0`,
      requestId, status, errorCode: null, decidedBy: null, ...extra,
    };
  }

  it('keeps the tally queries on the request-id indexes (a run index would scan the whole log per entry)', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('run-a') as Array<{ detail: string }>).map((row) => row.detail).join('\n');
    expect(plan(ENDPOINT_TALLY_SQL)).toMatch(/SEARCH a USING INDEX attempts_request_id \(request_id=\?\)/);
    expect(plan(ATTEMPTS_WITHOUT_REQUEST_ID_SQL)).toMatch(/SEARCH a USING INDEX attempts_request_id \(request_id=\?\)/);
  });

  it('writes entries in the probes\' batches and tallies them against the attempts by request id', () => {
    const db = openTracked(join(dir, 'results.sqlite'));
    insertRun(db, runInfo('run-a'));
    insertRun(db, runInfo('run-b'));
    const writer = new RecordWriter(db, { maxBatch: 4 });
    writer.writeEndpointLog(logEntry('run-a', 'c1', 200, { operation: 'CreateBucket', httpMethod: 'PUT', objectKey: null }));
    writer.writeProbe(probe('run-a', 0, [attempt(1, 403, 'r0')])); // head
    writer.writeEndpointLog(logEntry('run-a', 'r0', 403, { decidedBy: 'faults[0]', keyExisted: true, msSincePut: 12.5 }));
    writer.writeProbe(probe('run-a', 2, [attempt(1, null, 'x'), attempt(2, 200, 'r2')])); // head; attempt 1 never answered
    writer.writeProbe({ ...probe('run-a', 6, [attempt(1, null, 'x')]), attemptRecords: [{ ...attempt(1, null, 'x'), requestId: null }] });
    writer.writeEndpointLog(logEntry('run-a', 'r2', 404)); // recorded 200: a mismatch
    writer.writeEndpointLog(logEntry('run-a', 'reset-1', null, { decidedBy: 'faults[1]' }));
    writer.writeProbe(probe('run-a', 4, [attempt(1, 200, 'never-logged')]));
    writer.writeEndpointLog(logEntry('run-b', 'r0', 200)); // another run's request with the same id is not this run's
    writer.close();
    expect(writer.written.endpointLog).toBe(5);
    expect(db.prepare("SELECT key_existed, ms_since_put, decided_by FROM endpoint_log WHERE request_id = 'r0' AND run_id = 'run-a'").get())
      .toEqual({ key_existed: 1, ms_since_put: 12.5, decided_by: 'faults[0]' });

    const truth = readGroundTruth(db, 'run-a');
    expect(truth?.endpoint).toEqual(expect.arrayContaining([
      { method: null, trigger: null, operation: 'CreateBucket', status: 200, decidedBy: null, recordedStatus: null, requests: 1 },
      { method: 'head', trigger: 'plan', operation: 'HeadObject', status: 403, decidedBy: 'faults[0]', recordedStatus: 403, requests: 1 },
      { method: 'head', trigger: 'plan', operation: 'HeadObject', status: 404, decidedBy: null, recordedStatus: 200, requests: 1 },
      { method: null, trigger: null, operation: 'HeadObject', status: null, decidedBy: 'faults[1]', recordedStatus: null, requests: 1 },
    ]));
    expect(truth?.endpoint).toHaveLength(4);
    expect(truth?.withoutRequestId).toEqual([{ method: 'head', trigger: 'plan', status: null, attempts: 1 }]);
    expect(truth?.attempts).toBe(5);
    // 5 attempts: 2 matched (r0, r2), 1 without a request id, 2 with one the endpoint never logged ('x', 'never-logged').
    expect(summariseGroundTruth(truth!)).toMatchObject({ requests: 4, matched: 2, statusMismatches: 1, unloggedAttempts: 2 });
    expect(readGroundTruth(db, 'run-c')).toBeNull();
  });
});
