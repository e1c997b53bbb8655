// markDeadRuns: only a 'running' run whose recorded process on this host is gone becomes 'interrupted'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/recorder/database.js';
import { isProcessAlive, markDeadRuns, PROCESS_EVENT } from '../src/recorder/dead-runs.js';
import { finishRun, insertRun, recordRunEvent } from '../src/recorder/runs.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openTemp(): Db {
  const dir = mkdtempSync(join(tmpdir(), 's3probe-dead-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'r.sqlite'));
}

function addRun(db: Db, id: string, owner?: { pid: number; host: string }): void {
  insertRun(db, {
    id, scenarioName: 's', scenarioText: '', scenarioPath: 's.yaml', target: 'local', endpoint: null, region: 'us-east-1', bucket: 'b',
    prefix: `p/${id}/`, seed: 1, concurrency: 1, maxAttempts: 1, plannedProbes: 0, harnessVersion: '0', sdkVersion: '0', nodeVersion: '0',
    platform: 'linux', hostName: owner?.host ?? 'h', commandLine: 's3probe run', startedAtMs: 1,
  });
  if (owner) recordRunEvent(db, id, 1, PROCESS_EVENT, owner);
}

describe('markDeadRuns', () => {
  it('marks only running runs of this host whose pid is gone, with a note and an event', () => {
    const db = openTemp();
    const alive = new Set([100]);
    addRun(db, 'dead', { pid: 200, host: 'here' });
    addRun(db, 'alive', { pid: 100, host: 'here' });
    addRun(db, 'other-host', { pid: 200, host: 'elsewhere' });
    addRun(db, 'no-process-event');
    addRun(db, 'finished', { pid: 200, host: 'here' });
    finishRun(db, 'finished', 'completed', 2);
    expect(markDeadRuns(db, 'here', 5, (pid) => alive.has(pid))).toEqual(['dead']);
    const statuses = db.prepare('SELECT id, status, note FROM runs ORDER BY id').all() as Array<{ id: string; status: string; note: string | null }>;
    expect(Object.fromEntries(statuses.map((r) => [r.id, r.status]))).toEqual({
      alive: 'running', dead: 'interrupted', finished: 'completed', 'no-process-event': 'running', 'other-host': 'running',
    });
    expect(statuses.find((r) => r.id === 'dead')!.note).toMatch(/process 200 on here ended without finishing/);
    expect(db.prepare("SELECT run_id, detail FROM run_events WHERE kind = 'marked-dead'").all()).toEqual([{ run_id: 'dead', detail: '{"pid":200,"host":"here"}' }]);
    // A second pass finds nothing new.
    expect(markDeadRuns(db, 'here', 6, (pid) => alive.has(pid))).toEqual([]);
    db.close();
  });

  it('isProcessAlive: this process is, a pid beyond the kernel limit is not', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(2 ** 30)).toBe(false);
  });
});
