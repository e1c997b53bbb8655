// Counts planned probes and their 403s per (arm, method) and per fact of their last attempt, in the summary's one pass.
import type { ArmTallies, ArmTallyRow, ForbiddenTallyRow, ProbeRow } from '../recorder/rows.js';
import { credentialExpiryBucketOf } from './credential-expiry.js';

/** Arm of rows that name none (scenarios without `arms:`, sources that do not read the column). */
export const DEFAULT_ARM = 'default';
/** Key of a fact the last attempt did not record (no attempt reached the wire, rows before the column existed). */
export const UNKNOWN_FACT = 'unknown';

/** Socket age as the summary buckets it: requests the socket had carried, this one included (1 = a new connection). */
export function socketAgeBucket(socketRequests: number | null | undefined): string {
  if (socketRequests === null || socketRequests === undefined) return UNKNOWN_FACT;
  if (socketRequests <= 1) return '1';
  if (socketRequests <= 10) return '2-10';
  if (socketRequests <= 100) return '11-100';
  return '>100';
}

interface Tally {
  probes: number;
  forbidden: number;
}

/** One map per breakdown; the previous row's key and tally are remembered, since neighbouring rows often share them. */
class KeyedTallies {
  private readonly tallies = new Map<string, Tally>();
  private lastKey: string | null = null;
  private lastTally: Tally | null = null;

  add(key: string, forbidden: boolean): void {
    let tally = key === this.lastKey ? this.lastTally : this.tallies.get(key);
    if (tally === undefined || tally === null) {
      tally = { probes: 0, forbidden: 0 };
      this.tallies.set(key, tally);
    }
    this.lastKey = key;
    this.lastTally = tally;
    tally.probes += 1;
    if (forbidden) tally.forbidden += 1;
  }

  rows(): ForbiddenTallyRow[] {
    return [...this.tallies.keys()].sort().map((key) => ({ key, ...(this.tallies.get(key) as Tally) }));
  }
}

/** Sees every planned probe once (follow-ups are not counted here); `finish` gives what summariseArms reads. */
export class ArmTallyAccumulator {
  private readonly arms = new KeyedTallies();
  private readonly remoteAddress = new KeyedTallies();
  private readonly socketRequests = new KeyedTallies();
  private readonly credentialExpiry = new KeyedTallies();

  private lastArm = '';
  private lastMethod = '';
  private lastArmKey = '';

  add(probe: ProbeRow): void {
    const forbidden = probe.status === 403;
    const arm = probe.arm ?? DEFAULT_ARM;
    if (arm !== this.lastArm || probe.method !== this.lastMethod) {
      this.lastArm = arm;
      this.lastMethod = probe.method;
      // Joined by a character neither can hold (arm names are slugs, methods fixed words); built only when either changes.
      this.lastArmKey = `${arm}\n${probe.method}`;
    }
    this.arms.add(this.lastArmKey, forbidden);
    this.remoteAddress.add(probe.remoteAddress ?? UNKNOWN_FACT, forbidden);
    this.socketRequests.add(socketAgeBucket(probe.socketRequests), forbidden);
    this.credentialExpiry.add(credentialExpiryBucketOf(probe.credentialKind ?? null, probe.credentialLeftMs ?? null), forbidden);
  }

  finish(): ArmTallies {
    const arms: ArmTallyRow[] = this.arms.rows().map(({ key, probes, forbidden }) => {
      const [arm, method] = key.split('\n');
      return { arm, method, probes, forbidden };
    });
    return {
      arms,
      byRemoteAddress: this.remoteAddress.rows(),
      bySocketRequests: this.socketRequests.rows(),
      byCredentialExpiry: this.credentialExpiry.rows(),
    };
  }
}
