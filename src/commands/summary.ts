// `s3probe summary`: reads one run from the database and renders its summary as a table, Markdown or JSON.
import { existsSync } from 'node:fs';
import { EXIT, HarnessError } from '../errors.js';
import { openDatabase } from '../recorder/database.js';
import { iterateProbes, resolveRun } from '../recorder/queries.js';
import { renderSummaryJson } from '../report/summary-json.js';
import { renderSummaryMarkdown } from '../report/summary-markdown.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { summarise } from '../summary/summarise.js';
import type { CommandIo } from './io.js';

export const SUMMARY_FORMATS = ['table', 'markdown', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export interface SummaryArgs {
  dbPath: string;
  run: string;
  format: SummaryFormat;
}

export function summaryCommand(args: SummaryArgs, io: CommandIo): number {
  if (!existsSync(args.dbPath)) {
    throw new HarnessError('E_USAGE', `--db: no database at "${args.dbPath}". Run \`s3probe run SCENARIO --db ${args.dbPath}\` first, or pass the file a run wrote.`);
  }
  const db = openDatabase(args.dbPath);
  try {
    const summary = summarise(resolveRun(db, args.run), iterateProbes(db, resolveRun(db, args.run).id));
    const render = { table: (s: typeof summary) => renderSummaryTable(s, { color: io.stdout.isTTY === true }), markdown: renderSummaryMarkdown, json: renderSummaryJson }[args.format];
    io.out(render(summary));
    return EXIT.ok;
  } finally {
    db.close();
  }
}
