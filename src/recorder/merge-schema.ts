// Reads a results database's tables, keys and foreign keys from SQLite itself, so merging copes with tables added later.
import { HarnessError } from '../errors.js';
import type { Db } from './database.js';

export interface TableShape {
  name: string;
  columns: string[];
  /** The INTEGER PRIMARY KEY (rowid alias) column, whose values are renumbered when rows are copied; null if none. */
  integerKey: string | null;
  /** Columns holding another table's integer key (e.g. attempts.probe_id → probes.id): renumbered with it. */
  references: Array<{ column: string; table: string }>;
}

interface ColumnInfo {
  name: string;
  type: string;
  pk: number;
}

interface ForeignKeyInfo {
  table: string;
  from: string;
  to: string | null;
}

/** The table every other table hangs off: rows are copied per run. */
export const RUNS_TABLE = 'runs';
export const RUN_ID_COLUMN = 'run_id';

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** User tables of `schema` (main, or an attached name), parents before children, `runs` first. */
export function readTableShapes(db: Db, schema: string): TableShape[] {
  const names = (db.prepare(`SELECT name FROM ${quoteIdentifier(schema)}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>).map((row) => row.name);
  const columnsOf = new Map(names.map((name) => [name, db.prepare('SELECT name, type, pk FROM pragma_table_info(?, ?)').all(name, schema) as ColumnInfo[]]));
  const integerKeyOf = (name: string): string | null => {
    const keys = (columnsOf.get(name) ?? []).filter((column) => column.pk > 0);
    return keys.length === 1 && keys[0].type.toUpperCase() === 'INTEGER' ? keys[0].name : null;
  };
  const shapes = names.map((name): TableShape => {
    const foreignKeys = db.prepare('SELECT "table", "from", "to" FROM pragma_foreign_key_list(?, ?)').all(name, schema) as ForeignKeyInfo[];
    const references = foreignKeys
      .filter((fk) => fk.table !== RUNS_TABLE && integerKeyOf(fk.table) !== null && (fk.to === null || fk.to === integerKeyOf(fk.table)))
      .map((fk) => ({ column: fk.from, table: fk.table }));
    return { name, columns: (columnsOf.get(name) ?? []).map((column) => column.name), integerKey: integerKeyOf(name), references };
  });
  return orderParentsFirst(shapes);
}

function orderParentsFirst(shapes: TableShape[]): TableShape[] {
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  const ordered: TableShape[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (shape: TableShape): void => {
    if (state.get(shape.name) === 'done') return;
    if (state.get(shape.name) === 'visiting') {
      throw new HarnessError('E_RESULTS', `Cannot merge: the foreign keys of table ${shape.name} form a cycle; this s3probe cannot order the copy.`);
    }
    state.set(shape.name, 'visiting');
    for (const reference of shape.references) {
      const parent = byName.get(reference.table);
      if (parent !== undefined) visit(parent);
    }
    state.set(shape.name, 'done');
    ordered.push(shape);
  };
  const runs = byName.get(RUNS_TABLE);
  if (runs !== undefined) visit(runs);
  for (const shape of shapes) visit(shape);
  return ordered;
}

/**
 * Refuses a pair of schemas that cannot be merged row for row: a missing `runs` table, a table without `run_id`
 * (its rows could not be attributed to a run), or a table or column present on one side only.
 */
export function checkMergeable(out: TableShape[], input: TableShape[], inputPath: string, outPath: string): void {
  const fail = (problem: string): never => {
    throw new HarnessError('E_RESULTS', `Cannot merge ${inputPath} into ${outPath}: ${problem}. Nothing was written from this file.`);
  };
  if (!out.some((shape) => shape.name === RUNS_TABLE)) fail(`${outPath} has no ${RUNS_TABLE} table`);
  const inputByName = new Map(input.map((shape) => [shape.name, shape]));
  for (const shape of out) {
    const other = inputByName.get(shape.name);
    if (other === undefined) fail(`table ${shape.name} is missing from ${inputPath}`);
    const missing = shape.columns.filter((column) => !(other as TableShape).columns.includes(column));
    const extra = (other as TableShape).columns.filter((column) => !shape.columns.includes(column));
    if (missing.length > 0 || extra.length > 0) fail(`table ${shape.name} has different columns (only in ${outPath}: ${missing.join(', ') || 'none'}; only in ${inputPath}: ${extra.join(', ') || 'none'})`);
    if (shape.name !== RUNS_TABLE && !shape.columns.includes(RUN_ID_COLUMN)) fail(`table ${shape.name} has no ${RUN_ID_COLUMN} column, so its rows cannot be attributed to runs`);
  }
  const extraTables = input.filter((shape) => !out.some((candidate) => candidate.name === shape.name)).map((shape) => shape.name);
  if (extraTables.length > 0) fail(`tables only in ${inputPath}: ${extraTables.join(', ')}`);
}
