// The s3probe command line: commands, global flags, and the mapping from failures to documented exit codes.
import yargs, { type Argv } from 'yargs';
import { EXIT, HarnessError } from './errors.js';
import { processIo } from './commands/io.js';
import { runCommand } from './commands/run.js';
import { SUMMARY_FORMATS, summaryCommand, type SummaryFormat } from './commands/summary.js';
import { validateCommand } from './commands/validate.js';
import type { ScenarioOverrides } from './scenario/parse.js';

const DEFAULT_DB = 'results/s3probe.sqlite';

function withOverrides<T>(y: Argv<T>) {
  return y
    .option('endpoint', { type: 'string', describe: 'S3 endpoint URL (target s3); omit for AWS' })
    .option('bucket', { type: 'string', describe: 'bucket to probe' })
    .option('prefix', { type: 'string', describe: 'key prefix; a run writes under <prefix><run-id>/' })
    .option('region', { type: 'string', describe: 'AWS region' })
    .option('profile', { type: 'string', describe: 'AWS shared-config profile (target s3)' })
    .option('path-style', { type: 'boolean', describe: 'path-style addressing (http://host/bucket/key)' })
    .option('concurrency', { type: 'number', describe: 'bound on requests in flight' })
    .option('seed', { type: 'number', describe: 'seed for the plan (same seed, same plan)' })
    .option('objects', { type: 'number', describe: 'number of objects (objects.count)' });
}

function overridesFrom(argv: Record<string, unknown>): ScenarioOverrides {
  const pick = <K extends keyof ScenarioOverrides>(key: K, flag: string) => (argv[flag] === undefined ? {} : { [key]: argv[flag] });
  return {
    ...pick('endpoint', 'endpoint'), ...pick('bucket', 'bucket'), ...pick('prefix', 'prefix'), ...pick('region', 'region'),
    ...pick('profile', 'profile'), ...pick('pathStyle', 'path-style'), ...pick('concurrency', 'concurrency'),
    ...pick('seed', 'seed'), ...pick('objects', 'objects'),
  } as ScenarioOverrides;
}

export async function main(argv: string[]): Promise<number> {
  const io = processIo();
  let exitCode: number = EXIT.ok;
  const cli = yargs(argv)
    .scriptName('s3probe')
    .usage('$0 <command> [options]\n\nMeasures how often S3 answers 403 (or anything unexpected) to HEAD, ranged GET and GET around uploads.')
    .command(
      'run <scenario>',
      'run a scenario and record every HTTP attempt in SQLite',
      (y) => withOverrides(y.positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' }))
        .option('db', { type: 'string', default: DEFAULT_DB, describe: 'SQLite results file' })
        .option('progress', { type: 'boolean', default: true, describe: 'show progress (--no-progress to hide)' }),
      async (a) => {
        exitCode = await runCommand(
          { scenarioPath: a.scenario as string, dbPath: a.db, overrides: overridesFrom(a), progress: a.progress, commandLine: ['s3probe', ...argv].join(' ') },
          io,
        );
      },
    )
    .command(
      'summary',
      'summarise a recorded run',
      (y) => y
        .option('db', { type: 'string', default: DEFAULT_DB, describe: 'SQLite results file' })
        .option('run', { type: 'string', default: 'latest', describe: 'run id, or latest' })
        .option('format', { choices: SUMMARY_FORMATS, default: 'table' as SummaryFormat, describe: 'output format' }),
      (a) => {
        exitCode = summaryCommand({ dbPath: a.db, run: a.run, format: a.format as SummaryFormat }, io);
      },
    )
    .command(
      'validate <scenario>',
      'check a scenario; print the plan, request counts and estimated AWS cost (no network)',
      (y) => withOverrides(y.positional('scenario', { type: 'string', demandOption: true }))
        .option('json', { type: 'boolean', default: false, describe: 'print the plan as JSON' }),
      (a) => {
        exitCode = validateCommand({ scenarioPath: a.scenario as string, overrides: overridesFrom(a), json: a.json }, io);
      },
    )
    .demandCommand(1, 'name a command: run, summary or validate')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new HarnessError('E_USAGE', `${message}\nRun \`s3probe --help\` for usage.`);
    });
  try {
    await cli.parseAsync();
    return exitCode;
  } catch (error) {
    return reportFailure(error, io.err);
  }
}

function reportFailure(error: unknown, write: (text: string) => void): number {
  if (error instanceof HarnessError) {
    write(`s3probe: ${error.message}\n`);
    return error.exitCode;
  }
  write(`s3probe: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.S3PROBE_DEBUG) write(`${(error as Error)?.stack ?? ''}\n`);
  else write('Set S3PROBE_DEBUG=1 for a stack trace, and please report it.\n');
  return EXIT.failed;
}
