// The credential timeline end to end: a local run records one credential-refresh event per arm (prober arms included), every
// attempt's signing facts on every engine, and the report and summary break 403s down by time to expiry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { collectReport } from '../src/commands/collect-report.js';
import { runCommand } from '../src/commands/run.js';
import { summariseRun } from '../src/commands/summary.js';
import { openDatabase } from '../src/recorder/database.js';
import { resolveRunSelection } from '../src/recorder/run-selection.js';
import { renderReportMarkdown } from '../src/report/report-markdown.js';
import { captureIo } from './helpers/capture-io.js';

let dir: string;
let dbPath: string;

const SCENARIO = [
  'version: 1', 'name: credential-timeline', 'target: local', 'bucket: s3probe-credentials',
  'objects: { count: 3, size-bytes: [1] }', 'methods: [head, ranged-get]',
  'schedule: { before-upload-ms: [-50], after-upload-ms: [0], upload-interval-ms: 5 }', 'concurrency: 4', 'seed: 11',
  'identities: [{ name: owner }, { name: reader, list-bucket: false }]', 'uploader: owner', 'prober: owner',
  'follow-up: { on-head-403: none }',
  'arms: [{ name: sdk }, { name: no-pre-upload, pre-upload-probes: false }, { name: raw, engine: raw }, { name: reader, identity: reader }]', '',
].join('\n');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-credential-timeline-'));
  dbPath = join(dir, 'run.sqlite');
  const scenarioPath = join(dir, 'credential-timeline.yaml');
  writeFileSync(scenarioPath, SCENARIO);
  const io = captureIo();
  const code = await runCommand({ scenarioPath, dbPath, overrides: {}, progress: false, commandLine: 's3probe run credential-timeline.yaml' }, io);
  expect(code, io.stderrText).toBe(0);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a local run with arms', () => {
  test('one credential-refresh event per arm: the prober arms share the prober client, the others have their own', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const events = (db.prepare("SELECT detail FROM run_events WHERE kind = 'credential-refresh' ORDER BY id").all() as Array<{ detail: string }>).map((row) => JSON.parse(row.detail));
      expect(events.map((event) => event.arm).sort()).toEqual(['no-pre-upload', 'raw', 'reader', 'sdk']);
      for (const event of events) expect(event).toEqual({ arm: event.arm, atMs: expect.any(Number), accessKeyIdSuffix: expect.stringMatching(/^.{4}$/), credentialKind: 'static', expiresAtMs: null });
      const suffixOf = (arm: string) => events.find((event) => event.arm === arm).accessKeyIdSuffix;
      expect(suffixOf('no-pre-upload')).toBe(suffixOf('sdk'));
      expect(suffixOf('reader')).not.toBe(suffixOf('sdk'));
      // Every attempt of every engine says what signed it, with the same suffix as its arm's event.
      const attempts = db.prepare('SELECT p.arm, a.access_key_id_suffix AS suffix, a.credential_kind AS kind, a.signed_at_ms AS signed, a.amz_date AS amzDate, a.credential_expires_at_ms AS expires FROM probes p JOIN attempts a ON a.probe_id = p.id').all() as Array<Record<string, unknown>>;
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) {
        expect(attempt).toMatchObject({ suffix: suffixOf(attempt.arm as string), kind: 'static', signed: expect.any(Number), amzDate: expect.stringMatching(/^\d{8}T\d{6}Z$/), expires: null });
      }
    } finally {
      db.close();
    }
  });

  test('the summary counts the reader arm\'s 403s under "no expiry", with every probe as denominator', () => {
    const db = openDatabase(dbPath);
    try {
      const summary = summariseRun(db, 'latest');
      const probes = summary.arms.flatMap((arm) => arm.methods).reduce((sum, stats) => sum + stats.probes, 0);
      // reader: 3 objects × 2 methods before the upload answer 403.
      expect(summary.forbiddenBy.credentialExpiry).toEqual({ 'no expiry': 6 });
      expect(summary.forbiddenBy.probes.credentialExpiry).toEqual({ 'no expiry': probes });
      expect(summary.forbiddenBy.remoteAddress).toEqual({ '127.0.0.1': 6 });
      const report = collectReport(db, resolveRunSelection(db, { run: 'latest' }), { maxAnomalies: 10, generator: 'test', nowMs: Date.now() });
      expect(report.credentials.rows.map((row) => row.arms.join(' + ')).sort()).toEqual(['no-pre-upload + sdk', 'raw', 'reader']);
      expect(report.credentials.rows.every((row) => row.expiresAt === null && row.nearExpiry === null)).toBe(true);
      expect(renderReportMarkdown(report)).toMatch(/\| no-pre-upload, sdk \| [^|]+ \| …\w{4} \| static \| never \| — \|/);
    } finally {
      db.close();
    }
  });
});
