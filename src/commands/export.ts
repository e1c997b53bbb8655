// `s3probe export`: writes every probe row of a run (or run group, or all runs) as CSV or JSON Lines, streamed.
import { createWriteStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXIT } from '../errors.js';
import { iterateExportRows } from '../recorder/export-rows.js';
import { resolveRunSelection } from '../recorder/run-selection.js';
import type { CommandIo } from './io.js';
import { openExistingDatabase } from './open-existing.js';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportArgs {
  dbPath: string;
  /** 'latest', an id or prefix, ids separated by commas, or 'all'. */
  run: string;
  group?: string;
  format: ExportFormat;
  /** File to write; stdout when omitted. */
  output?: string;
}

/** Lines are gathered into chunks of about this size before they are written. */
const CHUNK_CHARS = 64 * 1024;

export async function exportCommand(args: ExportArgs, io: CommandIo): Promise<number> {
  const db = openExistingDatabase(args.dbPath);
  try {
    const runIds = args.run === 'all' && args.group === undefined ? 'all' : resolveRunSelection(db, { run: args.run, group: args.group }).runs.map((run) => run.id);
    const { columns, rows } = iterateExportRows(db, runIds);
    const lines = args.format === 'csv' ? formatCsv(columns, rows) : formatJsonLines(columns, rows);
    const source = Readable.from(chunk(lines), { objectMode: false });
    if (args.output === undefined) {
      try {
        await pipeline(source, io.stdout as Writable, { end: false });
      } catch (error) {
        // The reader went away (`s3probe export | head`): that is where the user wanted the output to stop.
        if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
      }
    } else {
      await pipeline(source, createWriteStream(args.output));
      io.err(`export: wrote ${args.format} to ${args.output}\n`);
    }
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** RFC 4180: a header line, then one line per row; fields with a comma, quote or line break are quoted. Null is empty. */
export function* formatCsv(columns: readonly string[], rows: Iterable<readonly unknown[]>): Generator<string> {
  yield `${columns.map(quoteCsv).join(',')}\r\n`;
  for (const row of rows) yield `${row.map((value) => quoteCsv(value === null || value === undefined ? '' : String(value))).join(',')}\r\n`;
}

function quoteCsv(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One JSON object per line, keys = column names. */
export function* formatJsonLines(columns: readonly string[], rows: Iterable<readonly unknown[]>): Generator<string> {
  for (const row of rows) yield `${JSON.stringify(Object.fromEntries(columns.map((column, i) => [column, row[i] ?? null])))}\n`;
}

function* chunk(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}
