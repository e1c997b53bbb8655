// `s3probe summary`: reads one run from the database and renders its summary as a table, Markdown or JSON.
import { existsSync } from 'node:fs';
import { EXIT, HarnessError } from '../errors.js';
import { openDatabase, type Db } from '../recorder/database.js';
import { markDeadRuns } from '../recorder/dead-runs.js';
import { readGroundTruth } from '../recorder/ground-truth-queries.js';
import { streamProbes } from '../recorder/probe-stream.js';
import { combineRuns, resolveRunSelection } from '../recorder/run-selection.js';
import { renderSummaryJson } from '../report/summary-json.js';
import { renderSummaryMarkdown } from '../report/summary-markdown.js';
import { renderSummaryTable } from '../report/summary-table.js';
import { summarise, type Summary } from '../summary/summarise.js';
import { readVersions } from '../versions.js';
import type { CommandIo } from './io.js';

export const SUMMARY_FORMATS = ['table', 'markdown', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export interface SummaryArgs {
  dbPath: string;
  run: string;
  /** Shard group name; overrides `run`. */
  group?: string;
  format: SummaryFormat;
}

export function summaryCommand(args: SummaryArgs, io: CommandIo): number {
  if (!existsSync(args.dbPath)) {
    throw new HarnessError('E_USAGE', `--db: no database at "${args.dbPath}". Run \`s3probe run SCENARIO --db ${args.dbPath}\` first, or pass the file a run wrote.`);
  }
  const db = openDatabase(args.dbPath);
  try {
    for (const id of markDeadRuns(db, readVersions().hostName, Date.now())) io.err(`run ${id}: its process is gone; marked interrupted.\n`);
    const summary = summariseRun(db, args.run, args.group);
    const render = { table: (s: Summary) => renderSummaryTable(s, { color: io.stdout.isTTY === true }), markdown: renderSummaryMarkdown, json: renderSummaryJson }[args.format];
    io.out(render(summary));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/**
 * Summarises one run ('latest', an id or a unique id prefix): its ground truth (if any) first, then its probes streamed.
 * Several runs (ids separated by commas, or a shard `group`) are summarised as one, without ground truth (it is per run).
 */
export function summariseRun(db: Db, selector: string, group?: string): Summary {
  const selection = resolveRunSelection(db, { run: selector, group });
  if (selection.kind === 'group') return summarise(combineRuns(selection), streamProbes(db, selection.runs.map((run) => run.id)));
  const run = selection.runs[0];
  return summarise(run, streamProbes(db, [run.id]), readGroundTruth(db, run.id));
}
