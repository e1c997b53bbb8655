// Scenario text → validated, normalised Scenario (pure): strict schema, cross-key rules, every problem reported at once.
import { HarnessError } from '../errors.js';
import { normaliseArms } from './arms.js';
import { checkAcrossKeys } from './cross-checks.js';
import { convertZodIssues, renderIssues } from './issues.js';
import { normaliseEndpointKeys } from './normalise-endpoint.js';
import { readDocument } from './read-document.js';
import { DEFAULTS, scenarioFileSchema, type ScenarioFile } from './schema.js';
import type { Scenario } from './scenario.js';

export { applyOverrides, type ScenarioOverrides } from './overrides.js';

/** Parses YAML or JSON scenario text. `fileLabel` prefixes every message (usually the path as the user typed it). */
export function parseScenario(text: string, fileLabel: string): Scenario {
  const document = readDocument(text, fileLabel);
  const result = scenarioFileSchema.safeParse(document);
  const issues = [...(result.success ? [] : convertZodIssues(result.error.issues, document)), ...checkAcrossKeys(document)];
  if (!result.success || issues.length > 0) throw new HarnessError('E_SCENARIO', renderIssues(fileLabel, issues));
  return normaliseScenario(result.data);
}

/** File keys (kebab-case) → Scenario (camelCase), with the defaults that depend on the target. */
function normaliseScenario(file: ScenarioFile): Scenario {
  return {
    version: file.version,
    name: file.name,
    target: file.target,
    ...(file.endpoint !== undefined && { endpoint: file.endpoint }),
    region: file.region,
    bucket: file.bucket ?? DEFAULTS.localBucket,
    prefix: file.prefix,
    objects: { count: file.objects.count, sizeBytes: file.objects['size-bytes'] },
    methods: file.methods,
    schedule: {
      beforeUploadMs: file.schedule['before-upload-ms'],
      afterUploadMs: file.schedule['after-upload-ms'],
      uploadIntervalMs: file.schedule['upload-interval-ms'],
    },
    concurrency: file.concurrency,
    seed: file.seed,
    sdk: {
      maxAttempts: file.sdk['max-attempts'],
      requestTimeoutMs: file.sdk['request-timeout-ms'],
      requestChecksumCalculation: file.sdk['request-checksum-calculation'],
    },
    cleanup: file.cleanup,
    pathStyle: file['path-style'] ?? file.target === 'local',
    ...(file.profile !== undefined && { profile: file.profile }),
    thresholds: file.thresholds,
    ...normaliseEndpointKeys(file),
    ...(file.arms !== undefined && { arms: normaliseArms(file) }),
  };
}
