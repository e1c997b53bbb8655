// Rules across `arms:` and the rest of the document: an arm's identity is declared (target local), identity vs profile by target.
import { formatValue } from './format.js';
import { createExpectedIssue, type ScenarioIssue } from './issues.js';
import { ENDPOINT_DEFAULTS } from './schema-endpoint.js';

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function checkArmKeys(document: Mapping): ScenarioIssue[] {
  if (!Array.isArray(document.arms)) return [];
  const declared = Object.hasOwn(document, 'identities') ? document.identities : [{ name: ENDPOINT_DEFAULTS.identity.name }];
  const names = Array.isArray(declared)
    ? declared.map((identity) => (isMapping(identity) ? identity.name : undefined)).filter((name): name is string => typeof name === 'string')
    : [];
  const issues: ScenarioIssue[] = [];
  document.arms.forEach((arm, index) => {
    if (!isMapping(arm)) return;
    if (document.target === 's3' && Object.hasOwn(arm, 'identity')) {
      issues.push(
        createExpectedIssue(['arms', index, 'identity'], 'no identity with target s3 (identities belong to the embedded endpoint)', formatValue(arm.identity), 'use `profile: <name from ~/.aws/config>` for this arm instead'),
      );
    }
    if (document.target === 'local' && Object.hasOwn(arm, 'profile')) {
      issues.push(
        createExpectedIssue(['arms', index, 'profile'], 'no profile with target local (the embedded endpoint needs no AWS credentials)', formatValue(arm.profile), 'use `identity: <a name under identities:>` instead'),
      );
    }
    if (document.target === 'local' && typeof arm.identity === 'string' && Array.isArray(declared) && !names.includes(arm.identity)) {
      issues.push(
        createExpectedIssue(['arms', index, 'identity'], `the name of a declared identity (${names.map((known) => JSON.stringify(known)).join(', ') || 'none declared'})`, formatValue(arm.identity), `use one of the names under \`identities:\`, or add an identity named ${JSON.stringify(arm.identity)}`),
      );
    }
  });
  return issues;
}
