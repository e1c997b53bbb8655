// `s3probe compare`: two runs (or run groups) side by side per method, with Fisher's exact test of each difference.
import { EXIT } from '../errors.js';
import type { Db } from '../recorder/database.js';
import { readOutcomeGroups } from '../recorder/report-queries.js';
import { resolveRunSelection } from '../recorder/run-selection.js';
import { renderCompareJson, renderCompareMarkdown, renderCompareTable } from '../report/compare-render.js';
import { compareRuns } from '../stats/compare.js';
import type { RunOutcomes } from '../stats/report-inputs.js';
import type { CommandIo } from './io.js';
import { openExistingDatabase } from './open-existing.js';

export const COMPARE_FORMATS = ['table', 'markdown', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

export interface CompareArgs {
  dbPath: string;
  /** Each: an id, a unique prefix, 'latest', or ids separated by commas. */
  runA: string;
  runB: string;
  format: CompareFormat;
}

export function compareCommand(args: CompareArgs, io: CommandIo): number {
  const db = openExistingDatabase(args.dbPath);
  try {
    const data = compareRuns(readSide(db, args.runA), readSide(db, args.runB));
    io.out({ table: renderCompareTable, markdown: renderCompareMarkdown, json: renderCompareJson }[args.format](data));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

function readSide(db: Db, selector: string): RunOutcomes & { scenario: string } {
  const selection = resolveRunSelection(db, { run: selector });
  const runIds = selection.runs.map((run) => run.id);
  const statuses = [...new Set(selection.runs.map((run) => run.status))];
  return {
    label: selection.label,
    runIds,
    startedAtMs: selection.runs[0].startedAtMs,
    status: statuses.join(', '),
    scenario: [...new Set(selection.runs.map((run) => run.scenarioName))].join(', '),
    groups: readOutcomeGroups(db, runIds),
  };
}
