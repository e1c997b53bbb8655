// `s3probe report`: a run (or run group) as a Markdown bug report, a self-contained HTML file, or JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EXIT, HarnessError } from '../errors.js';
import { resolveRunSelection } from '../recorder/run-selection.js';
import { redactReport } from '../report/redact.js';
import { renderReportHtml } from '../report/report-html.js';
import { renderReportJson } from '../report/report-json.js';
import { renderReportMarkdown } from '../report/report-markdown.js';
import type { ReportData } from '../report/report-model.js';
import { readVersions } from '../versions.js';
import { collectReport } from './collect-report.js';
import type { CommandIo } from './io.js';
import { openExistingDatabase } from './open-existing.js';

export const REPORT_FORMATS = ['markdown', 'html', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportArgs {
  dbPath: string;
  /** 'latest', an id or prefix, or ids separated by commas (a run group). */
  run: string;
  /** A shard group name; overrides `run`. */
  group?: string;
  format: ReportFormat;
  /** File to write; stdout when omitted. */
  output?: string;
  redact: boolean;
  /** Rows of the anomalies table. Default 100. */
  maxAnomalies?: number;
}

export const DEFAULT_MAX_ANOMALIES = 100;

export function reportCommand(args: ReportArgs, io: CommandIo): number {
  const maxAnomalies = args.maxAnomalies ?? DEFAULT_MAX_ANOMALIES;
  if (!Number.isInteger(maxAnomalies) || maxAnomalies < 0) {
    throw new HarnessError('E_USAGE', `--max-anomalies: expected a whole number ≥ 0, got ${maxAnomalies}.`);
  }
  const db = openExistingDatabase(args.dbPath);
  let report: ReportData;
  try {
    const selection = resolveRunSelection(db, { run: args.run, group: args.group });
    report = collectReport(db, selection, { maxAnomalies, generator: `s3probe ${readVersions().harness}`, nowMs: Date.now() });
  } finally {
    db.close();
  }
  if (args.redact) report = redactReport(report);
  const text = renderReport(report, args.format);
  if (args.output === undefined) {
    io.out(text);
  } else {
    writeOutput(args.output, text);
    io.err(`report: wrote ${args.format} to ${args.output}\n`);
  }
  return EXIT.ok;
}

export function renderReport(report: ReportData, format: ReportFormat): string {
  if (format === 'markdown') return renderReportMarkdown(report);
  if (format === 'json') return renderReportJson(report);
  return renderReportHtml(report, { chartJsSource: readChartJs() });
}

/** The UMD build of Chart.js, inlined into HTML reports so they open without network access. */
export function readChartJs(): string {
  const require = createRequire(import.meta.url);
  // chart.js exports no subpath for its UMD build: find the package through its main entry (dist/chart.cjs).
  const path = join(dirname(require.resolve('chart.js')), 'chart.umd.js');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new HarnessError('E_INTERNAL', `report: cannot read Chart.js at ${path} (${(error as Error).message}); reinstall s3probe's dependencies (npm install).`, { cause: error });
  }
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new HarnessError('E_USAGE', `-o: cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Choose a writable path.`, { cause: error });
  }
}
