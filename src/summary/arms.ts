// Which factor matters: per arm × method 403 rates with Wilson intervals, Fisher's exact test between arms of a method, 403s by IP and socket age.
import { METHODS } from '../probes/probe-record.js';
import type { ArmTallies } from '../recorder/rows.js';
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
  /** Planned probes answered 403, by their last attempt's remote address and by its socket age (requests on that socket). */
  forbiddenBy: { remoteAddress: Record<string, number>; socketRequests: Record<string, number> };
}

export function summariseArms(tallies: ArmTallies | null): ArmSummary {
  if (tallies === null) return { arms: [], armComparisons: [], forbiddenBy: { remoteAddress: {}, socketRequests: {} } };
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
      remoteAddress: Object.fromEntries(tallies.byRemoteAddress.map((row) => [row.key, row.forbidden])),
      socketRequests: Object.fromEntries(tallies.bySocketRequests.map((row) => [row.key, row.forbidden])),
    },
  };
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
