// `s3probe merge`: copies every run not yet in OUT from each input database, with all its rows, renumbering integer keys.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { HarnessError } from '../errors.js';
import { SCHEMA_VERSION, openDatabase, type Db } from './database.js';
import { RUNS_TABLE, RUN_ID_COLUMN, checkMergeable, quoteIdentifier, readTableShapes, type TableShape } from './merge-schema.js';

export interface MergeInputResult {
  path: string;
  /** Runs copied into OUT, oldest first. */
  runsAdded: string[];
  /** Runs OUT already had (by id): left as they are. */
  runsPresent: string[];
  /** Rows copied per table. */
  rowsAdded: Record<string, number>;
  /** Runs present on both sides whose rows differ in number (e.g. one copy was taken while the run was still going). */
  conflicts: string[];
}

export interface MergeResult {
  outPath: string;
  inputs: MergeInputResult[];
}

const SOURCE = 'merge_source';

/**
 * Merges `inPaths` into `outPath` (created if missing). Runs are keyed by their unique id: a run OUT already holds is
 * skipped, so merging the same file twice changes nothing. Every table with a `run_id` column is copied generically;
 * integer keys are shifted past OUT's largest, and columns referencing them shifted alike, so attempts stay linked to
 * their probes. Each input is copied in one transaction. Refuses (E_RESULTS, before writing anything) files whose
 * schema version differs from this build's, and (E_USAGE) missing inputs or an input that is OUT itself.
 */
export function mergeDatabases(outPath: string, inPaths: readonly string[]): MergeResult {
  if (inPaths.length === 0) throw new HarnessError('E_USAGE', 'merge: name at least one input database: s3probe merge OUT.sqlite IN.sqlite…');
  const inputs = checkInputs(outPath, inPaths);
  checkVersions(outPath, inputs);
  const db = openDatabase(outPath);
  try {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS merge_new_runs (id TEXT PRIMARY KEY)`);
    const results = inputs.map((input) => mergeOne(db, outPath, input));
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { outPath, inputs: results };
  } finally {
    db.close();
  }
}

function checkInputs(outPath: string, inPaths: readonly string[]): string[] {
  const outReal = existsSync(outPath) ? realpathSync(outPath) : resolve(outPath);
  const seen = new Set<string>();
  const inputs: string[] = [];
  for (const path of inPaths) {
    if (!existsSync(path) || !statSync(path).isFile()) throw new HarnessError('E_USAGE', `merge: input ${path} does not exist or is not a file. Name results databases written by \`s3probe run --db FILE\`.`);
    const real = realpathSync(path);
    if (real === outReal) throw new HarnessError('E_USAGE', `merge: input ${path} is the output file ${outPath}; name a new or different output file first.`);
    if (!seen.has(real)) inputs.push(path);
    seen.add(real);
  }
  return inputs;
}

/** Reads `PRAGMA user_version` without migrating or writing. */
function readVersion(path: string): number {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw new HarnessError('E_RESULTS', `merge: cannot read ${path} as a SQLite database (${(error as Error).message}). Name results databases written by s3probe.`, { cause: error });
  } finally {
    db?.close();
  }
}

function checkVersions(outPath: string, inputs: string[]): void {
  const versions = inputs.map((path) => ({ path, version: readVersion(path) }));
  if (existsSync(outPath)) versions.unshift({ path: outPath, version: readVersion(outPath) });
  const odd = versions.filter((entry) => entry.version !== SCHEMA_VERSION && !(entry.path === outPath && entry.version === 0));
  if (odd.length === 0) return;
  const list = versions.map((entry) => `${entry.path} ${entry.version}`).join(', ');
  const newer = odd.some((entry) => entry.version > SCHEMA_VERSION);
  const fix = newer
    ? 'Upgrade s3probe to one that knows the newest version, then merge again.'
    : `Open each older file once with this s3probe (e.g. \`s3probe summary --db ${odd[0].path}\`), which migrates it to version ${SCHEMA_VERSION}, then merge again.`;
  throw new HarnessError('E_RESULTS', `merge: cannot merge databases with different schema versions (PRAGMA user_version: ${list}; this s3probe writes ${SCHEMA_VERSION}). ${fix} Nothing was written.`);
}

function mergeOne(db: Db, outPath: string, path: string): MergeInputResult {
  db.prepare(`ATTACH DATABASE ? AS ${SOURCE}`).run(path);
  try {
    const shapes = readTableShapes(db, 'main');
    checkMergeable(shapes, readTableShapes(db, SOURCE), path, outPath);
    return db.transaction(() => copyNewRuns(db, shapes, path)).immediate();
  } finally {
    db.exec(`DETACH DATABASE ${SOURCE}`);
  }
}

function copyNewRuns(db: Db, shapes: TableShape[], path: string): MergeInputResult {
  db.exec('DELETE FROM temp.merge_new_runs');
  db.exec(`INSERT INTO temp.merge_new_runs (id) SELECT id FROM ${SOURCE}.${RUNS_TABLE} WHERE id NOT IN (SELECT id FROM main.${RUNS_TABLE})`);
  const allIds = (db.prepare(`SELECT id FROM ${SOURCE}.${RUNS_TABLE} ORDER BY started_at_ms, id`).all() as Array<{ id: string }>).map((row) => row.id);
  const added = new Set((db.prepare('SELECT id FROM temp.merge_new_runs').all() as Array<{ id: string }>).map((row) => row.id));
  const result: MergeInputResult = {
    path,
    runsAdded: allIds.filter((id) => added.has(id)),
    runsPresent: allIds.filter((id) => !added.has(id)),
    rowsAdded: {},
    conflicts: [],
  };
  result.conflicts = findConflicts(db, shapes, result.runsPresent);
  const shifts = new Map<string, number>();
  for (const shape of shapes) {
    const shift = shape.integerKey === null ? 0 : keyShift(db, shape);
    shifts.set(shape.name, shift);
    const selectList = shape.columns.map((column) => {
      const reference = shape.references.find((candidate) => candidate.column === column);
      const by = column === shape.integerKey ? shift : reference === undefined ? 0 : (shifts.get(reference.table) ?? 0);
      return by === 0 ? quoteIdentifier(column) : `${quoteIdentifier(column)} + ${by}`;
    });
    const owner = shape.name === RUNS_TABLE ? 'id' : RUN_ID_COLUMN;
    const order = shape.integerKey === null ? '' : ` ORDER BY ${quoteIdentifier(shape.integerKey)}`;
    const { changes } = db
      .prepare(
        `INSERT INTO main.${quoteIdentifier(shape.name)} (${shape.columns.map(quoteIdentifier).join(', ')})
         SELECT ${selectList.join(', ')} FROM ${SOURCE}.${quoteIdentifier(shape.name)}
         WHERE ${quoteIdentifier(owner)} IN (SELECT id FROM temp.merge_new_runs)${order}`,
      )
      .run();
    result.rowsAdded[shape.name] = changes;
  }
  return result;
}

/** How far to shift copied integer keys so they land above every key OUT has (0 when nothing is copied). */
function keyShift(db: Db, shape: TableShape): number {
  const key = quoteIdentifier(shape.integerKey as string);
  const table = quoteIdentifier(shape.name);
  const owner = shape.name === RUNS_TABLE ? 'id' : RUN_ID_COLUMN;
  const { maxOut } = db.prepare(`SELECT coalesce(max(${key}), 0) AS maxOut FROM main.${table}`).get() as { maxOut: number };
  const { minIn } = db.prepare(`SELECT min(${key}) AS minIn FROM ${SOURCE}.${table} WHERE ${quoteIdentifier(owner)} IN (SELECT id FROM temp.merge_new_runs)`).get() as { minIn: number | null };
  return minIn === null ? 0 : maxOut - minIn + 1;
}

/** Runs on both sides whose row counts differ in some table. One grouped count per table, whatever the number of runs. */
function findConflicts(db: Db, shapes: TableShape[], presentIds: string[]): string[] {
  if (presentIds.length === 0) return [];
  const ids = JSON.stringify(presentIds);
  const differences = new Map<string, string[]>();
  for (const shape of shapes) {
    if (shape.name === RUNS_TABLE) continue;
    const count = (schema: string) => new Map(
      (db.prepare(`SELECT run_id AS id, count(*) AS n FROM ${schema}.${quoteIdentifier(shape.name)} WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id`).all(ids) as Array<{ id: string; n: number }>)
        .map((row) => [row.id, row.n]),
    );
    const out = count('main');
    const input = count(SOURCE);
    for (const id of presentIds) {
      const [a, b] = [out.get(id) ?? 0, input.get(id) ?? 0];
      if (a !== b) differences.set(id, [...(differences.get(id) ?? []), `${shape.name} ${a} here, ${b} there`]);
    }
  }
  return [...differences].map(([id, tables]) => `run ${id}: ${tables.join(', ')}; kept the copy already merged`);
}
