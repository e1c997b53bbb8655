// Writes runs with chosen answers straight through the recorder (insertRun, RecordWriter), for report, merge and trend tests.
import type { AttemptRecord, ProbeRecord } from '../../src/probes/probe-record.js';
import type { Db } from '../../src/recorder/database.js';
import { recordShard } from '../../src/recorder/run-facts.js';
import { finishRun, insertRun, recordRunEvent } from '../../src/recorder/runs.js';
import { RecordWriter } from '../../src/recorder/writer.js';

export interface Answer {
  status: number | null;
  errorCode?: string;
  errorClass?: string;
  errorBody?: string;
}

export interface ProbeSpot {
  objectIndex: number;
  method: string;
  phase: 'before-upload' | 'after-upload';
  offsetMs: number;
}

export interface SyntheticRun {
  id: string;
  scenarioName?: string;
  startedAtMs: number;
  objects: number;
  methods?: string[];
  beforeUploadMs?: number[];
  afterUploadMs?: number[];
  /** Default: what S3 should answer. */
  answer?: (spot: ProbeSpot) => Answer;
  /** Endpoint clock minus client clock, written into every response Date header. */
  clockOffsetMs?: number;
  bucket?: string;
  hostName?: string;
  commandLine?: string;
  /** Fire a ranged-GET follow-up (answering `followUpAnswer`) after each HEAD 403. */
  followUpAnswer?: Answer;
  shard?: { index: number; count: number; group: string };
  /** Extra `endpoint_log` rows, one per probe, when true. */
  endpointLog?: boolean;
}

export const SCENARIO_TEXT = 'version: 1\nname: synthetic\ntarget: s3\nbucket: probe-bucket-123456789012\nprefix: team-a/\n';

export function expectedAnswer(spot: ProbeSpot): Answer {
  if (spot.phase === 'before-upload') return { status: 404, errorCode: spot.method === 'head' ? undefined : 'NoSuchKey' };
  return { status: spot.method === 'ranged-get' ? 206 : 200 };
}

/** Writes one completed run; returns the number of planned probes. Deterministic for given options. */
export function writeSyntheticRun(db: Db, run: SyntheticRun): number {
  const methods = run.methods ?? ['head', 'ranged-get', 'get'];
  const before = run.beforeUploadMs ?? [-1000, -100];
  const after = run.afterUploadMs ?? [0, 10, 100];
  const bucket = run.bucket ?? 'probe-bucket-123456789012';
  const prefix = `team-a/${run.id}/`;
  insertRun(db, {
    id: run.id, scenarioName: run.scenarioName ?? 'synthetic', scenarioText: SCENARIO_TEXT, scenarioPath: 'scenarios/synthetic.yaml',
    target: 's3', endpoint: null, region: 'eu-west-1', bucket, prefix, seed: 42, concurrency: 8, maxAttempts: 3,
    plannedProbes: run.objects * methods.length * (before.length + after.length), harnessVersion: '0.1.0', sdkVersion: '3.1178.0',
    nodeVersion: 'v20.19.0', platform: 'linux 6.1.0', hostName: run.hostName ?? 'probe-host.example.internal',
    commandLine: run.commandLine ?? `s3probe run scenarios/synthetic.yaml --bucket ${bucket} --db results/s3probe.sqlite`, startedAtMs: run.startedAtMs,
  });
  if (run.shard !== undefined) recordShard(db, run.id, run.startedAtMs, run.shard);
  recordRunEvent(db, run.id, run.startedAtMs + 1, 'credentials', { kind: 'temporary' });
  const writer = new RecordWriter(db, { maxBatch: 500 });
  let seq = 0;
  let planned = 0;
  const write = (spot: ProbeSpot, key: string, startedAtMs: number, answer: Answer, trigger: 'plan' | 'follow-up', followsSeq: number | null): number => {
    seq += 1;
    const attempt = makeAttempt(run, seq, startedAtMs, answer);
    const record: ProbeRecord = {
      runId: run.id, objectKey: key, method: spot.method as ProbeRecord['method'], phase: spot.phase, offsetMs: spot.offsetMs,
      plannedAtMs: startedAtMs - 0.5, startedAtMs, latencyMs: 5, status: answer.status, errorCode: answer.errorCode ?? null,
      errorBody: answer.errorBody ?? null, errorClass: answer.errorClass ?? null, requestId: attempt.requestId, extendedRequestId: attempt.extendedRequestId,
      attempts: 1, bytes: spot.method === 'head' ? null : 1, attemptRecords: [attempt], seq, trigger, followsSeq,
    };
    writer.writeProbe(record);
    if (run.endpointLog === true) {
      writer.writeEndpointLog({
        runId: run.id, atMs: startedAtMs + 1, httpMethod: spot.method === 'head' ? 'HEAD' : 'GET', operation: spot.method === 'head' ? 'HeadObject' : 'GetObject',
        bucket, objectKey: key, requestId: attempt.requestId, status: answer.status, errorCode: answer.errorCode ?? null, decidedBy: null,
      });
    }
    return seq;
  };
  for (let index = 0; index < run.objects; index++) {
    const key = `${prefix}obj-${String(index).padStart(6, '0')}`;
    const uploadAtMs = run.startedAtMs + 1000 + index * 20;
    const offsets: Array<['before-upload' | 'after-upload', number]> = [...before.map((o) => ['before-upload', o] as ['before-upload', number]), ...after.map((o) => ['after-upload', o] as ['after-upload', number])];
    for (const [phase, offsetMs] of offsets) {
      for (const method of methods) {
        const spot = { objectIndex: index, method, phase, offsetMs };
        const startedAtMs = uploadAtMs + offsetMs + (phase === 'after-upload' ? 30 : 0);
        const answer = (run.answer ?? expectedAnswer)(spot);
        const headSeq = write(spot, key, startedAtMs, answer, 'plan', null);
        planned += 1;
        if (run.followUpAnswer !== undefined && method === 'head' && answer.status === 403) {
          write({ ...spot, method: 'ranged-get' }, key, startedAtMs + 6, run.followUpAnswer, 'follow-up', headSeq);
        }
      }
    }
    writer.writeObject({ runId: run.id, key, sizeBytes: index % 3 === 0 ? 0 : 1, uploadStartedAtMs: uploadAtMs, uploadEndedAtMs: uploadAtMs + 30, status: 200, errorCode: null, etag: '"e"', deleted: true });
  }
  writer.close();
  finishRun(db, run.id, 'completed', run.startedAtMs + 1000 + run.objects * 20 + 2000);
  return planned;
}

function makeAttempt(run: SyntheticRun, seq: number, startedAtMs: number, answer: Answer): AttemptRecord {
  const serverMs = startedAtMs + 2.5 + (run.clockOffsetMs ?? 0);
  return {
    attempt: 1, startedAtMs, endedAtMs: startedAtMs + 5, status: answer.status, errorCode: answer.errorCode ?? null, errorBody: answer.errorBody ?? null,
    errorClass: answer.errorClass ?? null,
    requestId: answer.status === null ? null : `REQ${run.id.slice(-6)}${String(seq).padStart(6, '0')}`,
    extendedRequestId: answer.status === null ? null : `host/${run.id.slice(-6)}+${seq}=`,
    responseDate: answer.status === null ? null : new Date(Math.floor(serverMs / 1000) * 1000).toUTCString(),
    remoteAddress: answer.status === null ? null : `52.218.${seq % 7}.${seq % 200}`, remotePort: 443, localPort: 40000 + (seq % 1000),
    socketReused: seq % 2 === 0, contentRange: null, etag: null,
  };
}
