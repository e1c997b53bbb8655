// What the ranged GETs fired right after HEAD 403s found: the error codes behind the 403s, per phase.
import { PHASES, type Phase } from '../probes/probe-record.js';
import type { ProbeRow } from '../recorder/rows.js';

/** Outcome key of a follow-up that found the key readable (206, or 416 for a zero-byte object). */
export const FOLLOW_UP_SUCCEEDED = 'succeeded';

export interface FollowUpGroup {
  /** Planned HEAD probes that answered 403. */
  head403: number;
  /** Follow-up probes recorded (one per HEAD 403 when the scenario's follow-up is on and the run was not stopped). */
  probes: number;
  /** Follow-ups per outcome (describeFollowUpOutcome), most frequent first. */
  outcomes: Record<string, number>;
}

export interface FollowUps extends FollowUpGroup {
  /** The same split by the HEAD's phase (follow-ups keep it); a phase is present when it has a HEAD 403 or a follow-up. */
  byPhase: Partial<Record<Phase, FollowUpGroup>>;
}

/**
 * What one follow-up found: 'succeeded' (200/206/416: the key exists and this prober may read it), the S3 error
 * code of an error answer (AccessDenied, SignatureDoesNotMatch, NoSuchKey, SlowDown …), 'HTTP <status>' for an
 * error without a code, or 'no response: <errorClass>'.
 */
export function describeFollowUpOutcome(probe: Pick<ProbeRow, 'status' | 'errorCode' | 'errorClass'>): string {
  const { status } = probe;
  if (status === null) return `no response: ${probe.errorClass ?? 'unknown'}`;
  if ((status >= 200 && status <= 299) || status === 416) return FOLLOW_UP_SUCCEEDED;
  return probe.errorCode ?? `HTTP ${status}`;
}

class GroupAccumulator {
  head403 = 0;
  probes = 0;
  private readonly outcomes = new Map<string, number>();

  addFollowUp(outcome: string): void {
    this.probes += 1;
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }

  finish(): FollowUpGroup {
    const sorted = [...this.outcomes].sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0));
    return { head403: this.head403, probes: this.probes, outcomes: Object.fromEntries(sorted) };
  }
}

/** Sees every probe row once: counts planned HEAD 403s and tallies follow-up outcomes. */
export class FollowUpAccumulator {
  private readonly all = new GroupAccumulator();
  private readonly byPhase = new Map<string, GroupAccumulator>();

  add(probe: ProbeRow): void {
    if (probe.trigger === 'follow-up') {
      const outcome = describeFollowUpOutcome(probe);
      this.all.addFollowUp(outcome);
      this.phase(probe.phase).addFollowUp(outcome);
    } else if (probe.method === 'head' && probe.status === 403) {
      this.all.head403 += 1;
      this.phase(probe.phase).head403 += 1;
    }
  }

  finish(): FollowUps {
    const byPhase: Partial<Record<Phase, FollowUpGroup>> = {};
    for (const phase of PHASES) {
      const group = this.byPhase.get(phase);
      if (group !== undefined) byPhase[phase] = group.finish();
    }
    return { ...this.all.finish(), byPhase };
  }

  private phase(phase: string): GroupAccumulator {
    let group = this.byPhase.get(phase);
    if (group === undefined) {
      group = new GroupAccumulator();
      this.byPhase.set(phase, group);
    }
    return group;
  }
}
