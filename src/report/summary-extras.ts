// The lines both tabular renderers print under the main table: probe classes, what lay behind HEAD 403s, stable-after, ground truth.
import { PHASES } from '../probes/probe-record.js';
import { FOLLOW_UP_SUCCEEDED, PROBE_CLASSES, type MethodStats, type ProbeClass, type Summary } from '../summary/summarise.js';

/** A small grid: a header row, then one row per method and the totals, first column the label. */
export interface ClassGrid {
  header: string[];
  rows: string[][];
}

/** Probe classes per method (and all): `expected` always, other classes only where some probe fell in them. */
export function listClassGrid(summary: Summary): ClassGrid {
  const groups: MethodStats[] = [...summary.methods, summary.totals];
  const shown = PROBE_CLASSES.filter((probeClass: ProbeClass) => probeClass === 'expected' || summary.totals.classes[probeClass] > 0);
  return {
    header: ['class', ...shown],
    rows: groups.map((stats) => [stats.method, ...shown.map((probeClass) => String(stats.classes[probeClass]))]),
  };
}

/** "behind HEAD 403 (11 of 11 followed up by a ranged GET): after-upload GET succeeded 9, AccessDenied 2"; null without HEAD 403s. */
export function describeFollowUps(summary: Summary): string | null {
  const followUps = summary.followUps;
  if (followUps.head403 === 0 && followUps.probes === 0) return null;
  const parts: string[] = [];
  for (const phase of PHASES) {
    const group = followUps.byPhase[phase];
    if (group === undefined || group.probes === 0) continue;
    parts.push(`${phase} ${Object.entries(group.outcomes).map(([outcome, count]) => `${labelOutcome(outcome)} ${count}`).join(', ')}`);
  }
  const found = parts.length === 0 ? 'no follow-up recorded' : parts.join(' · ');
  return `behind HEAD 403 (${followUps.probes} of ${followUps.head403} followed up by a ranged GET): ${found}`;
}

function labelOutcome(outcome: string): string {
  return outcome === FOLLOW_UP_SUCCEEDED ? 'GET succeeded' : outcome;
}

/** "stable after upload: 97 at 0 ms · 2 at 100 ms · 1 never (of 100 objects)"; null without after-upload probes. */
export function describeStableAfter(summary: Summary): string | null {
  const stable = summary.stableAfter;
  if (stable.objects === 0) return null;
  const parts = stable.byOffset.filter((entry) => entry.objects > 0).map((entry) => `${entry.objects} at ${entry.offsetMs} ms`);
  if (stable.never > 0) parts.push(`${stable.never} never`);
  return `stable after upload: ${parts.join(' · ')} (of ${stable.objects} objects)`;
}

/** The ground-truth headline, then one line per probe method and one for other requests; empty without an endpoint log. */
export function describeGroundTruth(summary: Summary): string[] {
  const truth = summary.groundTruth;
  if (truth === null) return [];
  const lines = [
    `ground truth (embedded endpoint log): ${truth.requests} requests, ${truth.matched} matched to recorded attempts by request id, ` +
      `${truth.statusMismatches} status mismatches, ${truth.unloggedAttempts} attempts missing from the log`,
  ];
  for (const group of truth.probes) {
    const label = group.trigger === 'plan' ? group.method : `${group.method} (${group.trigger})`;
    const decided = formatDecided(group.endpoint.decidedBy);
    lines.push(`  ${label}: endpoint ${formatStatuses(group.endpoint.statuses)}${decided} · recorded ${formatStatuses(group.recorded.statuses)}`);
  }
  if (truth.other.length > 0) {
    const others = truth.other.map((entry) => `${entry.operation} ${formatStatuses(entry.statuses)}${formatDecided(entry.decidedBy)}`);
    lines.push(`  other requests: ${others.join(' · ')}`);
  }
  return lines;
}

/** "200×1000 403×31", "error" meaning no HTTP response; "none" for an empty map. */
function formatStatuses(statuses: Record<string, number>): string {
  const entries = Object.entries(statuses);
  return entries.length === 0 ? 'none' : entries.map(([status, count]) => `${status}×${count}`).join(' ');
}

/** " (faults[0]: 403×31; consistency.visibility-delay-ms: 404×12)", or "" when no rule or model decided anything. */
function formatDecided(decidedBy: Record<string, Record<string, number>>): string {
  const entries = Object.entries(decidedBy);
  if (entries.length === 0) return '';
  return ` (${entries.map(([rule, statuses]) => `${rule}: ${formatStatuses(statuses)}`).join('; ')})`;
}
