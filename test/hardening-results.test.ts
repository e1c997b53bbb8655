// Results file unusable → exit 3 before the first request: a path under a regular file, a non-SQLite file, too little free space.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResultsSpace, estimateResultsBytes } from '../src/results-check.js';
import { runMain } from './helpers/run-main.js';

let dir: string;
let scenarioPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-results-'));
  scenarioPath = join(dir, 'small.yaml');
  writeFileSync(
    scenarioPath,
    'version: 1\nname: small\ntarget: local\nbucket: s3probe-small\nobjects: { count: 3, size-bytes: [1] }\nmethods: [head]\n' +
      'schedule: { after-upload-ms: [0], upload-interval-ms: 1 }\nseed: 1\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('results file unusable: exit 3 before the first request', () => {
  it('a results path whose parent is a regular file (works as root, unlike chmod)', async () => {
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'x');
    const result = await runMain(['run', scenarioPath, '--db', join(file, 'results.sqlite'), '--no-progress']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(join(file, 'results.sqlite'));
    expect(result.stderr).toMatch(/regular file, not a directory/);
    expect(result.stderr).not.toMatch(/target:|\n\s+at /);
  });

  it('an existing file that is not a SQLite database, left as it was', async () => {
    const file = join(dir, 'notes.sqlite');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    const result = await runMain(['run', scenarioPath, '--db', file, '--no-progress']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not a SQLite database/);
    expect(result.stderr).not.toMatch(/target:|\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('these are my notes, not a database\n'.repeat(200));
  });

  it('a missing results directory is created and the run completes', async () => {
    const dbPath = join(dir, 'new', 'nested', 'results.sqlite');
    const result = await runMain(['run', scenarioPath, '--db', dbPath, '--no-progress']);
    expect([result.code, result.stderr]).toEqual([0, expect.any(String)]);
    expect(existsSync(dbPath)).toBe(true);
  });
});

describe('free space checked against the plan before the first request', () => {
  const rows = { probes: 10_000, objects: 1_000 };

  it('refuses with E_RESULTS naming the path, the free and the needed space', () => {
    const statfs = () => ({ bavail: 100, bsize: 4096 });
    expect(() => checkResultsSpace(join(dir, 'r.sqlite'), rows, statfs)).toThrow(
      expect.objectContaining({ code: 'E_RESULTS', exitCode: 3, message: expect.stringMatching(/--db .*r\.sqlite: 0\.4 MiB free .* 10000 probes .* up to \d+\.\d MiB/) }),
    );
  });

  it('accepts exactly the estimate, refuses one block less; bigint stats (large disks) work', () => {
    const needed = estimateResultsBytes(rows);
    expect(() => checkResultsSpace('r.sqlite', rows, () => ({ bavail: BigInt(needed), bsize: 1n }))).not.toThrow();
    expect(() => checkResultsSpace('r.sqlite', rows, () => ({ bavail: needed - 1, bsize: 1 }))).toThrow(/MiB free/);
  });

  it('passes when statfs is unavailable (the writer still stops the run on a failed write)', () => {
    expect(() => checkResultsSpace('r.sqlite', rows, () => { throw new Error('ENOSYS'); })).not.toThrow();
  });
});
