// Rules that relate keys to each other (target vs endpoint/profile/bucket, at least one offset, the endpoint keys), checked on the raw document.
import { checkArmKeys } from './cross-checks-arms.js';
import { checkEndpointKeys } from './cross-checks-endpoint.js';
import { formatValue } from './format.js';
import { createExpectedIssue, type ScenarioIssue } from './issues.js';
import { DEFAULTS } from './schema.js';

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const S3_ONLY_REASON: Record<string, string> = {
  endpoint: 'the embedded endpoint picks its own address',
  profile: 'the embedded endpoint needs no AWS credentials',
};

/** Runs whatever else is wrong with the document, so every problem is reported in one go. */
export function checkAcrossKeys(document: unknown): ScenarioIssue[] {
  if (!isMapping(document)) return [];
  const issues: ScenarioIssue[] = [];
  if (document.target === 'local') {
    for (const key of Object.keys(S3_ONLY_REASON)) {
      if (!Object.hasOwn(document, key)) continue;
      issues.push(
        createExpectedIssue([key], `no ${key} with target local (${S3_ONLY_REASON[key]})`, formatValue(document[key]), `remove \`${key}\`, or set \`target: s3\``),
      );
    }
  }
  if (document.target === 's3' && !Object.hasOwn(document, 'bucket')) {
    issues.push(createExpectedIssue(['bucket'], 'a bucket name (required with target s3)', formatValue(undefined), 'add the bucket to probe, e.g. `bucket: my-team-s3probe`'));
  }
  const schedule = document.schedule ?? {};
  if (isMapping(schedule)) {
    const before = Object.hasOwn(schedule, 'before-upload-ms') ? schedule['before-upload-ms'] : DEFAULTS.beforeUploadMs;
    const after = Object.hasOwn(schedule, 'after-upload-ms') ? schedule['after-upload-ms'] : DEFAULTS.afterUploadMs;
    if (Array.isArray(before) && Array.isArray(after) && before.length === 0 && after.length === 0) {
      issues.push(
        createExpectedIssue(['schedule'], 'at least one offset in before-upload-ms or after-upload-ms', 'two empty lists', 'add an offset, e.g. `after-upload-ms: [0, 100, 1000]`'),
      );
    }
  }
  issues.push(...checkEndpointKeys(document));
  issues.push(...checkArmKeys(document));
  return issues;
}
