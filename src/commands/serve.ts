// `s3probe serve`: the embedded endpoint alone, with a scenario's identities, faults and models, until Ctrl-C or SIGTERM.
import { EXIT, HarnessError } from '../errors.js';
import { describeConsistency, describeFaultRules } from '../faults/describe.js';
import type { LocalS3Identity } from '../local-s3/identities.js';
import type { LocalS3LogEntry } from '../local-s3/server.js';
import { loadScenario } from '../scenario/load.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import { startLocalTarget } from '../target.js';
import type { CommandIo } from './io.js';
import { watchSignals } from './signals.js';

export interface ServeArgs {
  /** Absent: no faults, strongly consistent, one identity `default`, bucket `s3probe-local`. */
  scenarioPath?: string;
  /** 0 = a free port. */
  port: number;
  /** Hide the per-request log lines on stderr. */
  quiet: boolean;
}

const DEFAULT_SCENARIO = 'version: 1\nname: serve\ntarget: local\n';

/** Serves until SIGINT or SIGTERM, then stops cleanly and returns 0: stopping is how a serve session ends. */
export async function serveCommand(args: ServeArgs, io: CommandIo): Promise<number> {
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535) {
    throw new HarnessError('E_USAGE', `--port: expected an integer 0..65535 (0 = a free port), got ${String(args.port)}. Fix: pass e.g. --port 9000, or leave it out`);
  }
  const scenario = args.scenarioPath === undefined ? parseScenario(DEFAULT_SCENARIO, '(default)') : loadScenario(args.scenarioPath).scenario;
  if (scenario.target !== 'local') {
    throw new HarnessError('E_USAGE', `${args.scenarioPath}: target is s3; serve runs the embedded endpoint only. Fix: pass a scenario with \`target: local\`, e.g. scenarios/quickstart.yaml`);
  }
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const interruption = watchSignals(() => stop());
  try {
    const local = await startLocal(scenario, args, io);
    io.out(describeSession(scenario, local.server.endpoint, local.identities, args.scenarioPath));
    await stopped;
    io.err(`\n${interruption.signal ?? 'stop'}: closing the endpoint.\n`);
    await local.close();
    return EXIT.ok;
  } finally {
    interruption.dispose();
  }
}

async function startLocal(scenario: Scenario, args: ServeArgs, io: CommandIo) {
  const onEndpointLog = args.quiet ? undefined : (entry: LocalS3LogEntry) => io.err(`${formatLogLine(entry)}\n`);
  try {
    return await startLocalTarget(scenario, { port: args.port, onEndpointLog });
  } catch (error) {
    const cause = (error as Error).cause as NodeJS.ErrnoException | undefined;
    if (error instanceof HarnessError && cause?.syscall === 'listen') {
      throw new HarnessError('E_ENDPOINT', `--port ${args.port}: cannot listen on 127.0.0.1:${args.port} (${cause.code}). Fix: pass another --port, or --port 0 for a free one`, { cause: error });
    }
    throw error;
  }
}

/** One request as the endpoint answered it: `HEAD s3probe-local/key → 403 AccessDenied [faults[0]]`. */
export function formatLogLine(entry: LocalS3LogEntry): string {
  const target = [entry.bucket, entry.key].filter((part) => part !== null).join('/') || '/';
  const outcome = entry.status === null ? `no answer (${entry.faultAction ?? 'client left'})` : `${entry.status}${entry.errorCode === null ? '' : ` ${entry.errorCode}`}`;
  const decided = entry.decidedBy === null ? '' : ` [${entry.decidedBy}${entry.faultAction === null || entry.faultAction === 'status' ? '' : `: ${entry.faultAction}`}]`;
  return `${new Date(entry.atMs).toISOString()} ${entry.requestId} ${entry.method} ${target} → ${outcome}${decided}`;
}

/** What to print on start: where the endpoint is, the (fake) keys, what it injects, and lines to try it with. */
export function describeSession(scenario: Scenario, endpoint: string, identities: LocalS3Identity[], scenarioPath?: string): string {
  const { bucket, region } = scenario;
  const [first] = identities;
  const identityLines = identities.map((identity) =>
    `  ${identity.name.padEnd(12)} access key id ${identity.accessKeyId}  secret ${identity.secretAccessKey}  list-bucket ${identity.listBucket !== false}` +
    `${identity.name === scenario.uploader ? '  (uploader)' : ''}${identity.name === scenario.prober ? '  (prober)' : ''}`);
  const faults = describeFaultRules(scenario.faults);
  return [
    `s3probe serve: the embedded S3-compatible endpoint (a local simulation, not AWS)${scenarioPath === undefined ? '' : `, as scenario ${scenarioPath} describes it`}`,
    `endpoint: ${endpoint}`,
    `region:   ${region}`,
    `bucket:   ${bucket} (created by ${scenario.uploader}; path-style addressing only)`,
    '',
    'identities (fake keys, valid only for this endpoint):',
    ...identityLines,
    '',
    `faults:      ${faults.length === 0 ? 'none' : `${faults.length} rule(s), seed ${scenario.seed}`}`,
    ...faults.map((line) => `  ${line}`),
    `consistency: ${describeConsistency(scenario.consistency)}`,
    '',
    'Try it:',
    `  export AWS_ACCESS_KEY_ID=${first.accessKeyId} AWS_SECRET_ACCESS_KEY=${first.secretAccessKey} AWS_REGION=${region}`,
    `  aws --endpoint-url ${endpoint} s3api put-object --bucket ${bucket} --key hello.txt --body README.md`,
    `  aws --endpoint-url ${endpoint} s3api head-object --bucket ${bucket} --key hello.txt`,
    `  curl -sS -D - --aws-sigv4 "aws:amz:${region}:s3" --user "${first.accessKeyId}:${first.secretAccessKey}" \\`,
    `       -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -H "Range: bytes=0-0" ${endpoint}/${bucket}/hello.txt`,
    '',
    'Each request is logged on stderr (--quiet hides it). Ctrl-C stops the endpoint.',
    '',
  ].join('\n');
}
