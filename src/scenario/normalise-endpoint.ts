// The endpoint keys of a validated file (kebab-case) → their Scenario form (camelCase, defaults filled in).
import { METHODS, type Method } from '../probes/probe-record.js';
import type { FaultAction, FaultRule, Scenario } from './scenario.js';
import type { ScenarioFile } from './schema.js';

type EndpointFields = Pick<Scenario, 'faults' | 'consistency' | 'identities' | 'uploader' | 'prober' | 'followUp'>;
type FaultRuleFile = ScenarioFile['faults'][number];

export function normaliseEndpointKeys(file: ScenarioFile): EndpointFields {
  const delay = file.consistency['visibility-delay-ms'];
  const identities = file.identities.map((identity) => ({ name: identity.name, listBucket: identity['list-bucket'] }));
  return {
    faults: file.faults.map(normaliseFaultRule),
    consistency: {
      visibilityDelayMs: typeof delay === 'number' ? everyMethod(delay) : { ...everyMethod(0), ...delay },
      staleAfterDeleteMs: file.consistency['stale-after-delete-ms'],
    },
    identities,
    uploader: file.uploader ?? identities[0].name,
    prober: file.prober ?? identities[0].name,
    followUp: { onHead403: file['follow-up']['on-head-403'] },
  };
}

function everyMethod(delayMs: number): Record<Method, number> {
  return Object.fromEntries(METHODS.map((method) => [method, delayMs])) as Record<Method, number>;
}

/** The cross-checks guarantee exactly one trigger and one action by the time a file gets here. */
function normaliseFaultRule(rule: FaultRuleFile): FaultRule {
  return {
    method: rule.method,
    when: rule.when,
    ...(rule['window-ms'] !== undefined && { windowMs: [rule['window-ms'][0], rule['window-ms'][1]] as [number, number] }),
    ...(rule.probability !== undefined ? { probability: rule.probability } : { every: rule.every }),
    action: normaliseFaultAction(rule),
  };
}

function normaliseFaultAction(rule: FaultRuleFile): FaultAction {
  if (rule.status !== undefined) {
    return { kind: 'status', status: rule.status, code: rule.code ?? '', ...(rule.message !== undefined && { message: rule.message }) };
  }
  if (rule['delay-ms'] !== undefined) return { kind: 'delay', delayMs: rule['delay-ms'] };
  if (rule.reset) return { kind: 'reset' };
  if (rule.stall) return { kind: 'stall' };
  return { kind: 'truncate' };
}
