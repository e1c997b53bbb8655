// Rules across the endpoint keys, on the raw document: local-only keys, one trigger and one action per fault rule, declared identities.
import { formatValue } from './format.js';
import { createExpectedIssue, type ScenarioIssue } from './issues.js';
import { ENDPOINT_DEFAULTS } from './schema-endpoint.js';

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const LOCAL_ONLY_REASON: Record<string, string> = {
  faults: 'faults are injected by the embedded endpoint; a real bucket cannot be told to misbehave',
  consistency: 'the consistency model belongs to the embedded endpoint; a real bucket has its own',
  identities: "a real bucket's identities come from the AWS credential chain or `--profile`",
  uploader: "a real bucket's identities come from the AWS credential chain or `--profile`",
  prober: "a real bucket's identities come from the AWS credential chain or `--profile`",
};

const TRIGGERS = ['probability', 'every'] as const;
const ACTIONS = ['status', 'delay-ms', 'reset', 'stall', 'truncate'] as const;
const RULE_EXAMPLE = '`{ method: head, when: any, probability: 0.03, status: 403, code: AccessDenied }`';

export function checkEndpointKeys(document: Mapping): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  if (document.target === 's3') {
    for (const key of Object.keys(LOCAL_ONLY_REASON)) {
      if (!Object.hasOwn(document, key)) continue;
      issues.push(createExpectedIssue([key], `no ${key} with target s3 (${LOCAL_ONLY_REASON[key]})`, formatValue(document[key]), `remove \`${key}\`, or set \`target: local\``));
    }
    return issues;
  }
  if (Array.isArray(document.faults)) {
    document.faults.forEach((rule, index) => {
      if (isMapping(rule)) issues.push(...checkFaultRule(rule, index));
    });
  }
  issues.push(...checkRoles(document));
  return issues;
}

function checkFaultRule(rule: Mapping, index: number): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const at = (key?: string) => (key === undefined ? ['faults', index] : ['faults', index, key]);
  const triggers = TRIGGERS.filter((key) => Object.hasOwn(rule, key));
  const actions = ACTIONS.filter((key) => Object.hasOwn(rule, key));
  const missing = [triggers.length === 0 ? 'no trigger' : null, actions.length === 0 ? 'no action' : null].filter((part) => part !== null);
  if (missing.length > 0) {
    issues.push(
      createExpectedIssue(
        at(),
        'a rule with exactly one trigger (probability or every) and exactly one action (status with code, delay-ms, reset, stall or truncate)',
        `a rule with ${missing.join(' and ')}`,
        `complete the rule, e.g. ${RULE_EXAMPLE}`,
      ),
    );
  }
  if (triggers.length > 1) {
    issues.push(createExpectedIssue(at('every'), 'no every next to probability (a rule has exactly one trigger)', formatValue(rule.every), 'keep either `probability` or `every`'));
  }
  for (const extra of actions.slice(1)) {
    issues.push(
      createExpectedIssue(at(extra), `no ${extra} next to ${actions[0]} (a rule has exactly one action)`, formatValue(rule[extra]), 'split it into two rules, one action each'),
    );
  }
  if (Object.hasOwn(rule, 'status') && !Object.hasOwn(rule, 'code')) {
    issues.push(createExpectedIssue(at('code'), 'an S3 error code next to status, e.g. AccessDenied, SlowDown or InternalError', formatValue(undefined), 'add e.g. `code: AccessDenied`'));
  }
  for (const key of ['code', 'message']) {
    if (Object.hasOwn(rule, key) && !Object.hasOwn(rule, 'status')) {
      issues.push(createExpectedIssue(at(key), `no ${key} without status (${key} belongs to a status answer)`, formatValue(rule[key]), 'add `status:`, or remove the key'));
    }
  }
  if (Object.hasOwn(rule, 'truncate') && (rule.method === 'head' || rule.method === 'head-if-match' || rule.method === 'put')) {
    issues.push(
      createExpectedIssue(at('truncate'), `truncate only with method get, ranged-get, get-object-attributes, list-prefix or any (a ${String(rule.method).toUpperCase()} answer has no body to cut)`, formatValue(rule.truncate), 'use `reset: true` instead, or `method: get`'),
    );
  }
  if (Object.hasOwn(rule, 'window-ms') && rule.when === 'before-upload') {
    issues.push(
      createExpectedIssue(at('window-ms'), 'no window-ms with when: before-upload (the window counts from the key\'s PUT, which has not happened yet)', formatValue(rule['window-ms']), 'remove `window-ms`, or use `when: after-upload`'),
    );
  }
  return issues;
}

/** uploader and prober must name an identity the scenario declares (or the default one when it declares none). */
function checkRoles(document: Mapping): ScenarioIssue[] {
  const declared = Object.hasOwn(document, 'identities') ? document.identities : [{ name: ENDPOINT_DEFAULTS.identity.name }];
  if (!Array.isArray(declared)) return [];
  const names = declared.map((identity) => (isMapping(identity) ? identity.name : undefined)).filter((name): name is string => typeof name === 'string');
  const issues: ScenarioIssue[] = [];
  for (const role of ['uploader', 'prober']) {
    const name = document[role];
    if (typeof name !== 'string' || names.includes(name)) continue;
    issues.push(
      createExpectedIssue([role], `the name of a declared identity (${names.map((known) => JSON.stringify(known)).join(', ') || 'none declared'})`, formatValue(name), `use one of the names under \`identities:\`, or add an identity named ${JSON.stringify(name)}`),
    );
  }
  return issues;
}
