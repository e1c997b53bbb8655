// Human text for `s3probe validate` (pure): what a scenario will do, how many requests it sends, what it costs, how long it takes.
import { describeConsistency, describeFaultRules } from '../faults/describe.js';
import type { RequestEstimate } from './estimate.js';
import { formatDurationMs, formatUsd } from './format.js';
import type { Plan } from './plan.js';
import type { ArmSpec, Scenario } from './scenario.js';

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function describeTarget(scenario: Scenario): string {
  const style = scenario.pathStyle ? 'path-style' : 'virtual-hosted-style';
  if (scenario.target === 'local') return `local: the embedded S3-compatible endpoint (a simulation, not AWS), ${style}`;
  const where = scenario.endpoint ? `${scenario.endpoint} (S3-compatible endpoint)` : 'AWS';
  const credentials = scenario.profile ? `profile ${scenario.profile}` : 'the default AWS credential chain';
  return `s3: ${where}, region ${scenario.region}, ${style}, credentials from ${credentials}`;
}

function describeOffsets(offsetsMs: number[], relativeTo: string): string {
  return offsetsMs.length === 0 ? 'none' : `${offsetsMs.join(', ')} ms, relative to each upload's ${relativeTo}`;
}

function describeCost(scenario: Scenario, estimate: RequestEstimate): string {
  const caveat =
    scenario.target === 'local' ? 'if run against AWS; target local costs nothing' : scenario.endpoint ? "at AWS prices; your endpoint's pricing may differ" : 'at AWS prices';
  const upper = estimate.costUsdUpperBound > estimate.costUsd ? ` (up to ${formatUsd(estimate.costUsdUpperBound)} with every follow-up and retry)` : '';
  return `~${formatUsd(estimate.costUsd)}${upper} ${caveat}`;
}

/** Time zero to the last planned probe: lead, staggered upload starts, the last after-upload offset (request latency not included). */
export function estimateDurationMs(scenario: Scenario, plan: Plan): { totalMs: number; leadMs: number; uploadsSpanMs: number; lastAfterMs: number } {
  const uploadsSpanMs = Math.max(0, plan.counts.objects - 1) * scenario.schedule.uploadIntervalMs;
  const lastAfterMs = scenario.schedule.afterUploadMs.at(-1) ?? 0;
  return { totalMs: plan.leadMs + uploadsSpanMs + lastAfterMs, leadMs: plan.leadMs, uploadsSpanMs, lastAfterMs };
}

/** Target local only: who uploads and probes, what the endpoint injects, how consistent it is. */
function describeEndpointModel(scenario: Scenario): [string, string][] {
  if (scenario.target !== 'local') return [];
  const identities = scenario.identities.map((identity) => `${identity.name}${identity.listBucket ? '' : ' (no s3:ListBucket: missing keys answer 403)'}`).join(', ');
  const rules = describeFaultRules(scenario.faults);
  return [
    ['identities', `${identities}; uploader ${scenario.uploader}, prober ${scenario.prober}`],
    ['faults', rules.length === 0 ? 'none' : `${rules.length} rule(s), seeded by seed ${scenario.seed} (a simulation, not AWS behaviour)`],
    ...rules.map((rule): [string, string] => ['', rule]),
    ['consistency', describeConsistency(scenario.consistency)],
  ];
}

export function describePlan(scenario: Scenario, plan: Plan, estimate: RequestEstimate): string {
  const { counts } = plan;
  const duration = estimateDurationMs(scenario, plan);
  const followUps = estimate.followUpGetUpperBound > 0 ? ` (+ a ranged GET after each HEAD 403: at most ${formatCount(estimate.followUpGetUpperBound)})` : '';
  const retries =
    scenario.sdk.maxAttempts > 1 ? `up to ${formatCount(estimate.totalUpperBound)} if every request used all ${scenario.sdk.maxAttempts} attempts` : 'no SDK retries (max-attempts 1)';
  const rows: [string, string][] = [
    ['target', describeTarget(scenario)],
    ['bucket', `${scenario.bucket}, keys under ${scenario.prefix}<run-id>/obj-NNNNNN`],
    ['objects', `${formatCount(counts.objects)}, sizes cycled over ${scenario.objects.sizeBytes.map(formatCount).join(', ')} bytes; one upload every ${scenario.schedule.uploadIntervalMs} ms`],
    ['methods', `${scenario.methods.join(', ')}; order shuffled per (object, offset) by seed ${scenario.seed}`],
    ['before', describeOffsets(scenario.schedule.beforeUploadMs, 'start')],
    ['after', describeOffsets(scenario.schedule.afterUploadMs, 'completion')],
    [
      'probes',
      `${formatCount(counts.probes)}: ${scenario.methods.map((method) => `${method} ${formatCount(counts.probesByMethod[method])}`).join(', ')}; ` +
        `before-upload ${formatCount(counts.probesByPhase['before-upload'])}, after-upload ${formatCount(counts.probesByPhase['after-upload'])}`,
    ],
    [
      'requests',
      `${formatCount(estimate.total)}: ${formatCount(estimate.put)} PUT, ${formatCount(estimate.head)} HEAD (1 of them the preflight HeadBucket), ` +
        `${formatCount(estimate.get)} GET${followUps}, ${estimate.list > 0 ? `${formatCount(estimate.list)} ListObjectsV2, ` : ''}${formatCount(estimate.delete)} DeleteObjects; ${retries}`,
    ],
    ['cost', describeCost(scenario, estimate)],
    ['pricing', estimate.pricing],
    [
      'duration',
      `~${formatDurationMs(duration.totalMs)}: ${formatDurationMs(duration.leadMs)} lead + ${formatDurationMs(duration.uploadsSpanMs)} of upload starts + ` +
        `${formatDurationMs(duration.lastAfterMs)} last after-upload offset (plus request latency)`,
    ],
    ['limits', `${scenario.concurrency} requests in flight at most; SDK timeout ${formatCount(scenario.sdk.requestTimeoutMs)} ms, checksums ${scenario.sdk.requestChecksumCalculation}`],
    ['cleanup', scenario.cleanup ? 'on: deletes the objects this run created, and nothing else' : 'off: the uploaded objects stay in the bucket'],
    ...describeEndpointModel(scenario),
    ['follow-up', scenario.followUp.onHead403 === 'ranged-get' ? 'a ranged GET of the same key after every HEAD 403, to read its error code' : 'none'],
    ...(scenario.arms === undefined ? [] : [['arms', describeArms(scenario.arms)] as [string, string]]),
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return [`Scenario "${scenario.name}" (format version ${scenario.version}): valid`, ...rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`)].join('\n');
}

/** "sdk (sdk, keep-alive), reader (sdk, keep-alive, identity reader), … — interleaved, order shuffled by the seed". */
function describeArms(arms: ArmSpec[]): string {
  const parts = arms.map((arm) => {
    const factors = [arm.engine, arm.connection, ...(arm.identity ? [`identity ${arm.identity}`] : []), ...(arm.profile ? [`profile ${arm.profile}`] : []), ...(arm.preUploadProbes ? [] : ['no pre-upload probes'])];
    return `${arm.name} (${factors.join(', ')})`;
  });
  return `${parts.join(', ')}; interleaved in one schedule, order shuffled by the seed`;
}
