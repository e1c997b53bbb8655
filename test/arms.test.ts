// Experiment arms end to end: the local twin runs every arm interleaved, records each probe's arm, and the summary singles out the identity arm.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCommand } from '../src/commands/run.js';
import { CONNECTION_MODES as ENGINE_CONNECTIONS, ENGINE_NAMES as ENGINES } from '../src/engines/index.js';
import { renderSummaryMarkdown } from '../src/report/summary-markdown.js';
import { renderSummaryTable } from '../src/report/summary-table.js';
import { summariseRun } from '../src/commands/summary.js';
import { openDatabase } from '../src/recorder/database.js';
import { MIGRATIONS } from '../src/recorder/migrations.js';
import { parseScenario } from '../src/scenario/parse.js';
import { planRun } from '../src/scenario/plan.js';
import { CONNECTION_MODES, ENGINE_NAMES } from '../src/scenario/schema-arms.js';
import type { Summary } from '../src/summary/summarise.js';
import { captureIo } from './helpers/capture-io.js';

let dir: string;
let summary: Summary;
let dbPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-arms-'));
  dbPath = join(dir, 'arms.sqlite');
  const io = captureIo();
  const args = { scenarioPath: 'scenarios/hypotheses-local.yaml', dbPath, overrides: { objects: 24 }, progress: false, commandLine: 's3probe run hypotheses-local' };
  const code = await runCommand(args, io);
  expect(code, io.stderrText).toBe(0);
  const db = openDatabase(dbPath);
  try {
    summary = summariseRun(db, 'latest');
  } finally {
    db.close();
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scenarios/hypotheses-local.yaml', () => {
  test('every arm fires every method, and arms without pre-upload probes fire only after the upload', () => {
    const db = new Database(dbPath, { readonly: true });
    try {
      const rows = db.prepare("SELECT arm, phase, count(*) AS n FROM probes WHERE trigger = 'plan' GROUP BY arm, phase ORDER BY arm, phase").all();
      // 24 objects × 3 methods × 2 offsets per phase.
      const expected = ['no-pre-upload', 'presigned', 'raw', 'reader', 'sdk', 'sdk-fresh'].flatMap((arm) => [
        ...(arm === 'no-pre-upload' ? [] : [{ arm, phase: 'after-upload', n: 144 }, { arm, phase: 'before-upload', n: 144 }]),
        ...(arm === 'no-pre-upload' ? [{ arm, phase: 'after-upload', n: 144 }] : []),
      ]);
      expect(rows).toEqual(expected);
      const sockets = db.prepare("SELECT p.arm, max(a.socket_requests) AS most FROM probes p JOIN attempts a ON a.probe_id = p.id GROUP BY p.arm ORDER BY p.arm").all() as Array<{ arm: string; most: number }>;
      expect(sockets.find((row) => row.arm === 'sdk-fresh')?.most).toBe(1);
      expect(sockets.find((row) => row.arm === 'sdk')?.most).toBeGreaterThan(1);
      const raw = db.prepare("SELECT a.amz_date, a.credential_kind, a.access_key_id_suffix FROM probes p JOIN attempts a ON a.probe_id = p.id WHERE p.arm = 'raw' LIMIT 1").get() as Record<string, string>;
      expect(raw.amz_date).toMatch(/^\d{8}T\d{6}Z$/);
      expect(raw.credential_kind).toBe('static');
      expect(raw.access_key_id_suffix).toHaveLength(4);
      const sdkDates = db.prepare("SELECT count(*) AS n, count(a.amz_date) AS dated FROM probes p JOIN attempts a ON a.probe_id = p.id WHERE p.arm = 'sdk'").get() as { n: number; dated: number };
      expect(sdkDates.dated).toBe(sdkDates.n);
    } finally {
      db.close();
    }
  });

  test('the identity arm answers 403 before the upload, on every method; the other arms never do', () => {
    for (const arm of summary.arms) {
      for (const method of arm.methods) {
        expect(method.forbidden, `${arm.arm} ${method.method}`).toBe(arm.arm === 'reader' ? 48 : 0);
      }
    }
  });

  test('Fisher singles out the identity arm: significant against every other arm, no difference among the rest', () => {
    expect(summary.armComparisons).toHaveLength(15 * 3);
    for (const comparison of summary.armComparisons) {
      const involvesReader = comparison.armA === 'reader' || comparison.armB === 'reader';
      expect(comparison.significant, JSON.stringify(comparison)).toBe(involvesReader);
      if (!involvesReader) expect(comparison.pValue).toBe(1);
    }
  });

  test('403s are broken down by remote address and by socket age', () => {
    expect(summary.forbiddenBy.remoteAddress).toEqual({ '127.0.0.1': 144 });
    expect(Object.values(summary.forbiddenBy.socketRequests).reduce((a, b) => a + b, 0)).toBe(144);
  });

  test('the table and Markdown print a per-arm block that names the differing arm', () => {
    for (const text of [renderSummaryTable(summary), renderSummaryMarkdown(summary)]) {
      expect(text).toMatch(/arm reader +head 48\/96 403 \(50\.0%\)/);
      expect(text).toContain('arms differ');
      expect(text).not.toMatch(/(?:ranged-get|head|get) (?:sdk|raw|presigned|no-pre-upload|sdk-fresh) vs (?:sdk|raw|presigned|no-pre-upload|sdk-fresh) p=/);
    }
  });
});

describe('arms in the scenario file', () => {
  test('the scenario layer spells engines and connection modes as src/engines does', () => {
    expect([...ENGINE_NAMES]).toEqual([...ENGINES]);
    expect([...CONNECTION_MODES]).toEqual([...ENGINE_CONNECTIONS]);
  });

  const LOCAL = 'version: 1\nname: t\ntarget: local\nidentities: [{ name: owner }, { name: reader, list-bucket: false }]\n';
  const problemsOf = (text: string) => {
    try {
      parseScenario(text, 'x.yaml');
      return '';
    } catch (error) {
      return (error as Error).message;
    }
  };

  test('without arms: one implicit default arm, the plan exactly as before', () => {
    const plan = planRun(parseScenario(LOCAL, 'x.yaml'), '');
    expect(new Set(plan.probesByObject[0].map((probe) => probe.arm))).toEqual(new Set(['default']));
  });

  test('duplicate names, an undeclared identity, and identity vs profile by target are reported', () => {
    expect(problemsOf(`${LOCAL}arms: [{ name: a }, { name: a }]\n`)).toContain('an arm name not used before');
    expect(problemsOf(`${LOCAL}arms: [{ name: a, identity: nobody }]\n`)).toContain('the name of a declared identity');
    expect(problemsOf(`${LOCAL}arms: [{ name: a, profile: research }]\n`)).toContain('no profile with target local');
    expect(problemsOf('version: 1\nname: t\ntarget: s3\nbucket: my-bucket\narms: [{ name: a, identity: reader }]\n')).toContain('no identity with target s3');
    expect(problemsOf(`${LOCAL}arms: [{ name: a, engine: curl }]\n`)).toContain('one of sdk, raw, presigned');
  });

  test('each (object, offset) group holds every arm × method once, in a seeded order that varies', () => {
    const scenario = parseScenario(`${LOCAL}objects: { count: 20 }\narms: [{ name: a }, { name: b, pre-upload-probes: false }]\n`, 'x.yaml');
    const plan = planRun(scenario, '');
    const firsts = new Set<string>();
    for (const probes of plan.probesByObject) {
      const before = probes.filter((probe) => probe.phase === 'before-upload');
      expect(new Set(before.map((probe) => probe.arm))).toEqual(new Set(['a']));
      const group = probes.filter((probe) => probe.phase === 'after-upload' && probe.offsetMs === 0);
      expect(group.map((probe) => `${probe.arm}:${probe.method}`).sort()).toEqual(['a:get', 'a:head', 'a:ranged-get', 'b:get', 'b:head', 'b:ranged-get']);
      firsts.add(group[0].arm);
    }
    expect(firsts).toEqual(new Set(['a', 'b']));
    expect(plan.counts.probes).toBe(plan.probesByObject.flat().length);
  });

  test('the shipped AWS template parses, with every arm kind', () => {
    const scenario = parseScenario(readFileSync('scenarios/aws-hypotheses.yaml', 'utf8'), 'aws-hypotheses.yaml');
    expect(scenario.arms?.map((arm) => `${arm.engine}/${arm.connection}`)).toEqual(['sdk/keep-alive', 'raw/keep-alive', 'presigned/keep-alive', 'sdk/fresh', 'raw/fresh-dns', 'sdk/keep-alive']);
    expect(scenario.methods).toEqual(['head', 'ranged-get', 'get', 'head-if-match', 'get-object-attributes', 'list-prefix']);
    expect(planRun(scenario, '').counts.probes).toBe(4080);
  });
});

describe('schema v3', () => {
  test('a version-2 database migrates forward: old probes read as arm "default"', () => {
    const path = join(dir, 'v2.sqlite');
    const v2 = new Database(path);
    for (const step of MIGRATIONS.slice(0, 2)) v2.exec(step);
    v2.pragma('user_version = 2');
    v2.exec("INSERT INTO runs VALUES ('r1','s','t','p','completed',0,1,'h','s','n','p','h','c','local',NULL,'us-east-1','b','p/',1,1,1,1,NULL)");
    v2.exec("INSERT INTO probes (run_id, object_key, method, phase, offset_ms, planned_at_ms, started_at_ms, latency_ms, attempts) VALUES ('r1','k','head','after-upload',0,0,0,1,1)");
    v2.close();
    const db = openDatabase(path);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(db.prepare('SELECT arm FROM probes').pluck().get()).toBe('default');
    } finally {
      db.close();
    }
  });
});
