// Pure fault decisions: which scenario fault rule (if any) fires for one request, seeded and deterministic.
import { createRandom, deriveSeed } from '../scenario/prng.js';
import type { Method } from '../probes/probe-record.js';
import type { FaultAction, FaultRule } from '../scenario/scenario.js';

/**
 * A request as a rule sees it, judged from HTTP (src/local-s3/models.ts judgeRequestMethod): a probe method
 * (HEAD, HEAD with If-Match, GET with or without Range, GetObjectAttributes, ListObjectsV2), PUT, or anything else.
 */
export type RequestMethod = Method | 'put' | 'other';

export interface FaultRequest {
  method: RequestMethod;
  /** The object key (for ListObjectsV2 its prefix); a probability rule draws per key (its last path segment), see createFaultDecider. */
  key: string;
  /** Whether the key exists on the server right now (its true state, whatever a consistency model shows). */
  keyExists: boolean;
  /** Milliseconds since that key's PUT completed on the server; null when it does not exist. */
  msSincePut: number | null;
}

export interface FaultDecision {
  /** The rule as named in the scenario file and the endpoint log, e.g. `faults[0]`. */
  rule: string;
  index: number;
  action: FaultAction;
}

export interface FaultDecider {
  /** The first rule that matches and fires, or null. Every matching rule advances its counters, fired or not. */
  decide(request: FaultRequest): FaultDecision | null;
}

/** FNV-1a: a stable 32-bit number for a string. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}

/** `s3probe/<run-id>/obj-000042` → `obj-000042`: run ids change from run to run, object names do not. */
export function nameObject(key: string): string {
  const slash = key.lastIndexOf('/', key.length - 2);
  return slash < 0 ? key : key.slice(slash + 1);
}

export function matchesRule(rule: FaultRule, request: FaultRequest): boolean {
  if (request.method === 'other') return false;
  if (rule.method !== 'any' && rule.method !== request.method) return false;
  if (rule.when === 'before-upload' && request.keyExists) return false;
  if (rule.when === 'after-upload' && !request.keyExists) return false;
  if (rule.windowMs !== undefined) {
    const [fromMs, toMs] = rule.windowMs;
    if (request.msSincePut === null || request.msSincePut < fromMs || request.msSincePut > toMs) return false;
  }
  return true;
}

/**
 * Decisions depend only on the seed and the requests each rule has matched:
 * - `every: N` fires on the Nth, 2Nth, … request the rule matches (one counter per rule);
 * - `probability: p` fires when a uniform draw is below p. The draw is a hash of (seed, rule index, the key's last path
 *   segment, the request method, how many requests of that key and method the rule matched before), so concurrent
 *   requests for other keys cannot shift it, and a rerun with another run id in the key prefix draws the same numbers.
 */
export function createFaultDecider(rules: readonly FaultRule[], seed: number): FaultDecider {
  const everyCounts = rules.map(() => 0);
  const drawCounts = rules.map(() => new Map<string, number>());
  const ruleSeeds = rules.map((_rule, index) => deriveSeed(seed, index));

  function fires(index: number, request: FaultRequest): boolean {
    const rule = rules[index];
    if (rule.every !== undefined) {
      everyCounts[index] += 1;
      return everyCounts[index] % rule.every === 0;
    }
    const stream = `${nameObject(request.key)}\u0000${request.method}`;
    const ordinal = drawCounts[index].get(stream) ?? 0;
    drawCounts[index].set(stream, ordinal + 1);
    const draw = createRandom(deriveSeed(deriveSeed(ruleSeeds[index], hashText(stream)), ordinal))();
    return draw < (rule.probability ?? 0);
  }

  return {
    decide(request) {
      let decision: FaultDecision | null = null;
      rules.forEach((rule, index) => {
        if (!matchesRule(rule, request)) return;
        if (fires(index, request) && decision === null) decision = { rule: `faults[${index}]`, index, action: rule.action };
      });
      return decision;
    },
  };
}
