// Human text for fault rules and the endpoint's models (pure), for `s3probe serve` and `s3probe validate`.
import type { FaultAction, FaultRule, Scenario } from '../scenario/scenario.js';

const METHOD_TEXT: Record<FaultRule['method'], string> = {
  head: 'HEAD',
  'ranged-get': 'ranged GET',
  get: 'GET (no Range)',
  'get-object-attributes': 'GetObjectAttributes',
  'list-prefix': 'ListObjectsV2',
  'head-if-match': 'HEAD with If-Match',
  put: 'PUT',
  any: 'HEAD, GET, GetObjectAttributes, ListObjectsV2 and PUT',
};

const WHEN_TEXT: Record<FaultRule['when'], string> = {
  'before-upload': 'before the key exists',
  'after-upload': 'once the key exists',
  any: 'whether or not the key exists',
};

function describeOrdinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function describeFaultAction(action: FaultAction): string {
  switch (action.kind) {
    case 'status':
      return `answer ${action.status} ${action.code}`;
    case 'delay':
      return `wait ${action.delayMs} ms, then answer normally`;
    case 'reset':
      return 'reset the connection before any header';
    case 'stall':
      return 'never answer (the client times out)';
    case 'truncate':
      return 'send the headers and half the body, then close';
  }
}

/** e.g. "HEAD whether or not the key exists, with probability 0.03: answer 403 AccessDenied". */
export function describeFaultRule(rule: FaultRule): string {
  const window = rule.windowMs === undefined ? '' : `, ${rule.windowMs[0]}–${rule.windowMs[1]} ms after its PUT`;
  const trigger = rule.every !== undefined
    ? rule.every === 1 ? 'every time' : `every ${describeOrdinal(rule.every)} matching request`
    : `with probability ${rule.probability}`;
  return `${METHOD_TEXT[rule.method]} ${WHEN_TEXT[rule.when]}${window}, ${trigger}: ${describeFaultAction(rule.action)}`;
}

/** One line per fault rule, named as in the log (`faults[i]`); empty when there are none. */
export function describeFaultRules(rules: readonly FaultRule[]): string[] {
  return rules.map((rule, index) => `faults[${index}]: ${describeFaultRule(rule)}`);
}

/** The consistency model in one line, e.g. "new objects invisible for head 200 ms (0 ms for the other methods); …". */
export function describeConsistency(consistency: Scenario['consistency']): string {
  const delays = Object.values(consistency.visibilityDelayMs);
  if (delays.every((delayMs) => delayMs === 0) && consistency.staleAfterDeleteMs === 0) return 'strongly consistent (as S3 is since December 2020)';
  const delayed = Object.entries(consistency.visibilityDelayMs).filter(([, delayMs]) => delayMs > 0);
  const visibility = delays.every((delayMs) => delayMs === delays[0])
    ? `${delays[0]} ms`
    : `${delayed.map(([method, delayMs]) => `${method} ${delayMs} ms`).join(', ')} (0 ms for the other methods)`;
  return `new objects invisible for ${visibility}; deleted objects still readable for ${consistency.staleAfterDeleteMs} ms`;
}
