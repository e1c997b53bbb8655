// Which factor matters: per arm × method 403 rates with Wilson intervals, Fisher's exact test between arms of a method, 403s by IP, socket age and credential expiry.
import { METHODS } from '../probes/probe-record.js';
import type { ArmTallies, ForbiddenTallyRow } from '../recorder/rows.js';
import { fisherExactTwoSided, SIGNIFICANCE_LEVEL } from '../stats/fisher.js';
import { wilsonInterval } from './wilson.js';

export interface ArmMethodStats {
  method: string;
  probes: number;
  forbidden: number;
  forbiddenRate: number;
  forbiddenCi95: [number, number];
}

export interface ArmStats {
  arm: string;
  methods: ArmMethodStats[];
}

export interface ArmComparison {
  method: string;
  armA: string;
  armB: string;
  /** Two-sided Fisher exact p-value that both arms answer this method 403 at the same rate. */
  pValue: number;
  /** pValue < 0.05. */
  significant: boolean;
}

export interface ArmSummary {
  /** Arms in name order, each with its methods in the canonical order (head, ranged-get, get, then others by name); planned probes only. */
  arms: ArmStats[];
  /** Every pair of arms (A before B by name) for every method both fired. */
  armComparisons: ArmComparison[];
  /** Planned probes answered 403, by a fact of their last attempt; `probes` holds the denominators (all planned probes, same keys). */
  forbiddenBy: ForbiddenBy;
}

/** Each breakdown maps key → 403 count, keys with at least one 403 only (as summaryVersion 1 first shipped them). */
export interface ForbiddenBreakdowns {
  /** Server IP of the last attempt, or "unknown". */
  remoteAddress: Record<string, number>;
  /** Requests its socket had carried, this one included: "1", "2-10", "11-100", ">100", "unknown". */
  socketRequests: Record<string, number>;
  /** Time the signing identity had left before expiry: src/summary/credential-expiry.ts labels. */
  credentialExpiry: Record<string, number>;
}

export interface ForbiddenBy extends ForbiddenBreakdowns {
  /** Planned probes per key of each breakdown, every key present (zero 403s included): the denominators. */
  probes: ForbiddenBreakdowns;
}

const EMPTY_BREAKDOWNS = (): ForbiddenBreakdowns => ({ remoteAddress: {}, socketRequests: {}, credentialExpiry: {} });

export function summariseArms(tallies: ArmTallies | null): ArmSummary {
  if (tallies === null) return { arms: [], armComparisons: [], forbiddenBy: { ...EMPTY_BREAKDOWNS(), probes: EMPTY_BREAKDOWNS() } };
  const byArm = new Map<string, ArmMethodStats[]>();
  for (const row of tallies.arms) {
    const stats: ArmMethodStats = {
      method: row.method, probes: row.probes, forbidden: row.forbidden,
      forbiddenRate: row.probes === 0 ? 0 : row.forbidden / row.probes, forbiddenCi95: wilsonInterval(row.forbidden, row.probes),
    };
    byArm.set(row.arm, [...(byArm.get(row.arm) ?? []), stats]);
  }
  const arms = [...byArm.keys()].sort().map((arm) => ({ arm, methods: (byArm.get(arm) ?? []).sort(compareMethods) }));
  return {
    arms,
    armComparisons: compareArms(arms),
    forbiddenBy: {
      remoteAddress: forbiddenOf(tallies.byRemoteAddress),
      socketRequests: forbiddenOf(tallies.bySocketRequests),
      credentialExpiry: forbiddenOf(tallies.byCredentialExpiry),
      probes: {
        remoteAddress: probesOf(tallies.byRemoteAddress),
        socketRequests: probesOf(tallies.bySocketRequests),
        credentialExpiry: probesOf(tallies.byCredentialExpiry),
      },
    },
  };
}

function forbiddenOf(rows: readonly ForbiddenTallyRow[]): Record<string, number> {
  return Object.fromEntries(rows.filter((row) => row.forbidden > 0).map((row) => [row.key, row.forbidden]));
}

function probesOf(rows: readonly ForbiddenTallyRow[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.key, row.probes]));
}

/** head, ranged-get, get, then other methods alphabetically (as Summary.methods). */
function compareMethods(a: ArmMethodStats, b: ArmMethodStats): number {
  const rank = (method: string) => {
    const index = (METHODS as readonly string[]).indexOf(method);
    return index === -1 ? METHODS.length : index;
  };
  return rank(a.method) - rank(b.method) || a.method.localeCompare(b.method);
}

function compareArms(arms: ArmStats[]): ArmComparison[] {
  const comparisons: ArmComparison[] = [];
  for (let i = 0; i < arms.length; i++) {
    for (let j = i + 1; j < arms.length; j++) {
      for (const a of arms[i].methods) {
        const b = arms[j].methods.find((candidate) => candidate.method === a.method);
        if (b === undefined) continue;
        const pValue = fisherExactTwoSided({ hitsA: a.forbidden, trialsA: a.probes, hitsB: b.forbidden, trialsB: b.probes });
        comparisons.push({ method: a.method, armA: arms[i].arm, armB: arms[j].arm, pValue, significant: pValue < SIGNIFICANCE_LEVEL });
      }
    }
  }
  return comparisons.sort((x, y) => x.method.localeCompare(y.method) || x.armA.localeCompare(y.armA) || x.armB.localeCompare(y.armB));
}
