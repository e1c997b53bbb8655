// Registers the reporting commands (report, export, compare, trend, merge) on the yargs root in src/main.ts.
import type { Argv } from 'yargs';
import { COMPARE_FORMATS, compareCommand, type CompareFormat } from './compare.js';
import { EXPORT_FORMATS, exportCommand, type ExportFormat } from './export.js';
import type { CommandIo } from './io.js';
import { mergeCommand } from './merge.js';
import { DEFAULT_MAX_ANOMALIES, REPORT_FORMATS, reportCommand, type ReportFormat } from './report.js';
import { TREND_FORMATS, trendCommand, type TrendFormat } from './trend.js';

/** Adds the commands; each handler hands its exit code to `setExitCode`. */
export function registerReportCommands<T>(y: Argv<T>, io: CommandIo, setExitCode: (code: number) => void, defaultDb: string): Argv<T> {
  return y
    .command(
      'report',
      'a bug report of a run: Markdown to paste, self-contained HTML with charts, or JSON',
      (c) => c
        .option('db', { type: 'string', default: defaultDb, describe: 'SQLite results file' })
        .option('run', { type: 'string', default: 'latest', describe: 'run id, latest, or ids separated by commas (a run group)' })
        .option('group', { type: 'string', describe: 'shard group name (run --shard i/n --group NAME); overrides --run' })
        .option('format', { choices: REPORT_FORMATS, default: 'markdown' as ReportFormat, describe: 'output format' })
        .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
        .option('redact', { type: 'boolean', default: false, describe: 'replace bucket, account ids, key prefixes and host names with tokens' })
        .option('max-anomalies', { type: 'number', default: DEFAULT_MAX_ANOMALIES, describe: 'rows of the anomalies table (the rest are counted)' }),
      (a) => {
        setExitCode(reportCommand({ dbPath: a.db, run: a.run, group: a.group, format: a.format as ReportFormat, output: a.output, redact: a.redact, maxAnomalies: a['max-anomalies'] }, io));
      },
    )
    .command(
      'export',
      'write every probe row of a run as CSV or JSON Lines (streamed)',
      (c) => c
        .option('db', { type: 'string', default: defaultDb, describe: 'SQLite results file' })
        .option('run', { type: 'string', default: 'latest', describe: 'run id, latest, ids separated by commas, or all' })
        .option('group', { type: 'string', describe: 'shard group name; overrides --run' })
        .option('format', { choices: EXPORT_FORMATS, default: 'csv' as ExportFormat, describe: 'output format' })
        .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' }),
      async (a) => {
        setExitCode(await exportCommand({ dbPath: a.db, run: a.run, group: a.group, format: a.format as ExportFormat, output: a.output }, io));
      },
    )
    .command(
      'compare <run-a> <run-b>',
      'two runs side by side per method, with Fisher\'s exact test of each difference',
      (c) => c
        .positional('run-a', { type: 'string', demandOption: true, describe: 'run id (or prefix, latest, ids separated by commas)' })
        .positional('run-b', { type: 'string', demandOption: true, describe: 'run id (or prefix, latest, ids separated by commas)' })
        .option('db', { type: 'string', default: defaultDb, describe: 'SQLite results file' })
        .option('format', { choices: COMPARE_FORMATS, default: 'table' as CompareFormat, describe: 'output format' }),
      (a) => {
        setExitCode(compareCommand({ dbPath: a.db, runA: a['run-a'] as string, runB: a['run-b'] as string, format: a.format as CompareFormat }, io));
      },
    )
    .command(
      'trend',
      'one row per run: date and per-method 403 counts and rates',
      (c) => c
        .option('db', { type: 'string', default: defaultDb, describe: 'SQLite results file' })
        .option('scenario', { type: 'string', describe: 'only runs of this scenario name' })
        .option('last', { type: 'number', describe: 'only the last N runs' })
        .option('format', { choices: TREND_FORMATS, default: 'table' as TrendFormat, describe: 'output format' }),
      (a) => {
        setExitCode(trendCommand({ dbPath: a.db, scenario: a.scenario, last: a.last, format: a.format as TrendFormat }, io));
      },
    )
    .command(
      'merge <out> <inputs..>',
      'combine results databases (shards, regions) into one; runs already present are skipped',
      (c) => c
        .positional('out', { type: 'string', demandOption: true, describe: 'results file to merge into (created if missing)' })
        .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'results files to merge from' }),
      (a) => {
        setExitCode(mergeCommand({ outPath: a.out as string, inPaths: (a.inputs ?? []) as string[] }, io));
      },
    );
}
