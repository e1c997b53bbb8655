// The s3probe command line: commands, global flags, and the mapping from failures to documented exit codes.
import yargs, { type Argv } from 'yargs';
import { EXIT, HarnessError } from './errors.js';
import { processIo } from './commands/io.js';
import { registerReportCommands } from './commands/register-reports.js';
import { cleanupCommand } from './commands/cleanup.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { SUMMARY_FORMATS, summaryCommand, type SummaryFormat } from './commands/summary.js';
import { validateCommand } from './commands/validate.js';
import { DEFAULT_MAX_COST_USD, DEFAULT_MAX_REQUESTS } from './run-budget.js';
import type { ScenarioOverrides } from './scenario/parse.js';

const DEFAULT_DB = 'results/s3probe.sqlite';

function withOverrides<T>(y: Argv<T>) {
  return y
    .option('endpoint', { type: 'string', requiresArg: true, describe: 'S3 endpoint URL (target s3); omit for AWS' })
    .option('bucket', { type: 'string', requiresArg: true, describe: 'bucket to probe' })
    .option('prefix', { type: 'string', requiresArg: true, describe: 'key prefix; a run writes under <prefix><run-id>/' })
    .option('region', { type: 'string', requiresArg: true, describe: 'AWS region' })
    .option('profile', { type: 'string', requiresArg: true, describe: 'AWS shared-config profile (target s3)' })
    .option('path-style', { type: 'boolean', describe: 'path-style addressing (http://host/bucket/key)' })
    .option('concurrency', { type: 'number', requiresArg: true, describe: 'bound on requests in flight' })
    .option('seed', { type: 'number', requiresArg: true, describe: 'seed for the plan (same seed, same plan)' })
    .option('objects', { type: 'number', requiresArg: true, describe: 'number of objects (objects.count)' });
}

function overridesFrom(argv: Record<string, unknown>): ScenarioOverrides {
  const pick = <K extends keyof ScenarioOverrides>(key: K, flag: string) => (argv[flag] === undefined ? {} : { [key]: argv[flag] });
  return {
    ...pick('endpoint', 'endpoint'), ...pick('bucket', 'bucket'), ...pick('prefix', 'prefix'), ...pick('region', 'region'),
    ...pick('profile', 'profile'), ...pick('pathStyle', 'path-style'), ...pick('concurrency', 'concurrency'),
    ...pick('seed', 'seed'), ...pick('objects', 'objects'),
  } as ScenarioOverrides;
}

/** A budget flag: a finite number above zero. */
function positiveNumber(value: unknown, flag: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new HarnessError('E_USAGE', `${flag}: expected a number above 0, got ${String(value)}. Example: ${flag} 500.`);
  }
  return value;
}

export async function main(argv: string[]): Promise<number> {
  const io = processIo();
  let exitCode: number = EXIT.ok;
  const commands = yargs(argv)
    .scriptName('s3probe')
    .usage('$0 <command> [options]\n\nMeasures how often S3 answers 403 (or anything unexpected) to HEAD, ranged GET and GET around uploads.')
    .command(
      'run <scenario>',
      'run a scenario and record every HTTP attempt in SQLite',
      (y) => withOverrides(y.positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (YAML or JSON)' }))
        .option('db', { type: 'string', requiresArg: true, default: DEFAULT_DB, describe: 'SQLite results file' })
        .option('progress', { type: 'boolean', default: true, describe: 'show progress (--no-progress to hide)' })
        .option('shard', { type: 'string', requiresArg: true, describe: 'run shard i of n of the plan (i/n, 0 ≤ i < n; objects i, i+n, …)' })
        .option('group', { type: 'string', requiresArg: true, describe: 'run group the shards share (default: scenario, seed, n and UTC day)' })
        .option('threshold', { type: 'string', array: true, requiresArg: true, describe: 'e.g. "head.forbidden-rate < 0.001"; repeatable; a failure exits 99' })
        .option('max-requests', { type: 'number', requiresArg: true, default: DEFAULT_MAX_REQUESTS, describe: 'target s3: refuse a plan above this many requests; stop a run that reaches it' })
        .option('max-cost-usd', { type: 'number', requiresArg: true, default: DEFAULT_MAX_COST_USD, describe: 'target s3: refuse a plan estimated above this cost' }),
      async (a) => {
        exitCode = await runCommand(
          {
            scenarioPath: a.scenario as string, dbPath: a.db, overrides: overridesFrom(a), progress: a.progress, commandLine: ['s3probe', ...argv].join(' '),
            shard: a.shard, group: a.group, thresholds: a.threshold,
            maxRequests: positiveNumber(a['max-requests'], '--max-requests'), maxCostUsd: positiveNumber(a['max-cost-usd'], '--max-cost-usd'),
          },
          io,
        );
      },
    )
    .command(
      'summary',
      'summarise a recorded run',
      (y) => y
        .option('db', { type: 'string', requiresArg: true, default: DEFAULT_DB, describe: 'SQLite results file' })
        .option('run', { type: 'string', default: 'latest', describe: 'run id, latest, or ids separated by commas (a run group)' })
        .option('group', { type: 'string', describe: 'shard group name (run --shard i/n --group NAME); overrides --run' })
        .option('format', { choices: SUMMARY_FORMATS, default: 'table' as SummaryFormat, describe: 'output format' }),
      (a) => {
        exitCode = summaryCommand({ dbPath: a.db, run: a.run, group: a.group, format: a.format as SummaryFormat }, io);
      },
    )
    .command(
      'cleanup',
      "delete a run's leftover objects (target s3): exactly the keys it recorded, under its own prefix",
      (y) => y
        .option('db', { type: 'string', requiresArg: true, default: DEFAULT_DB, describe: 'SQLite results file' })
        .option('run', { type: 'string', requiresArg: true, demandOption: true, describe: 'run id (or a unique prefix) whose objects to delete' })
        .option('endpoint', { type: 'string', requiresArg: true, describe: "refuse unless it is the run's recorded endpoint" })
        .option('bucket', { type: 'string', requiresArg: true, describe: "refuse unless it is the run's bucket" })
        .option('profile', { type: 'string', requiresArg: true, describe: 'AWS shared-config profile' }),
      async (a) => {
        exitCode = await cleanupCommand({ dbPath: a.db, run: a.run, endpoint: a.endpoint, bucket: a.bucket, profile: a.profile }, io);
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
    .command(
      'serve',
      'run the embedded S3 endpoint alone (a scenario\'s identities, faults and models) until Ctrl-C',
      (y) => y
        .option('scenario', { type: 'string', describe: 'scenario file (target local) whose identities, faults and models to serve; default: none' })
        .option('port', { type: 'number', default: 0, describe: 'port on 127.0.0.1 (0 = a free port)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'do not log each request on stderr' }),
      async (a) => {
        exitCode = await serveCommand({ scenarioPath: a.scenario, port: a.port, quiet: a.quiet }, io);
      },
    );
  const cli = registerReportCommands(commands, io, (code) => { exitCode = code; }, DEFAULT_DB)
    .demandCommand(1, 'name a command: run, summary, report, export, compare, trend, merge, cleanup, validate or serve')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      // yargs' own parse errors (YError: a flag without its value, a bad choice) are usage errors too.
      if (error && error.name !== 'YError') throw error;
      throw new HarnessError('E_USAGE', `${message ?? error?.message}\nRun \`s3probe --help\` for usage.`);
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
