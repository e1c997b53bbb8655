// No secret leaked: every command run with recognisable fake credentials, and every byte it wrote searched for them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalS3Identity } from '../src/local-s3/identities.js';
import { startLocalS3, type LocalS3 } from '../src/local-s3/server.js';
import { createS3Client } from '../src/s3/client.js';
import { runMain } from './helpers/run-main.js';

const STATIC: LocalS3Identity = { name: 'static', accessKeyId: 'AKIDLEAKCHECK0000001', secretAccessKey: 'leakcheck-secret-static-0123456789abcdef' };
const TEMPORARY: LocalS3Identity = {
  name: 'temporary', accessKeyId: 'ASIALEAKCHECK0000002', secretAccessKey: 'leakcheck-secret-temporary-0123456789ab',
  sessionToken: 'leakcheck-token-FwoGZXIvYXdzEJr//////////wEaDLEAKCHECK',
};
/** Never in any output: the secrets, the token, the full key ids, and the headers or query parameters that carry them. */
const FORBIDDEN = [
  STATIC.secretAccessKey, TEMPORARY.secretAccessKey, TEMPORARY.sessionToken!, 'leakcheck-secret', 'leakcheck-token',
  STATIC.accessKeyId, TEMPORARY.accessKeyId, 'LEAKCHECK000000', 'Authorization', 'X-Amz-Signature', 'X-Amz-Credential', 'X-Amz-Security-Token',
];

let dir: string;
let server: LocalS3;
const written: Array<{ what: string; text: string }> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 's3probe-secrets-'));
  server = await startLocalS3({ identities: [STATIC, TEMPORARY] });
  const setup = createS3Client({
    region: 'us-east-1', endpoint: server.endpoint, pathStyle: true, credentials: STATIC,
    maxAttempts: 1, requestTimeoutMs: 5000, requestChecksumCalculation: 'WHEN_SUPPORTED', concurrency: 1,
  });
  await setup.s3.send(new CreateBucketCommand({ Bucket: 's3probe-leak' }));
  setup.destroy();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Temporary credentials in the environment carry this expiry, so attempts and credential-refresh events record one. */
const TEMPORARY_EXPIRATION = new Date(Date.now() + 2 * 3_600_000);

function useCredentials(identity: LocalS3Identity, sessionToken = identity.sessionToken): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', identity.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', identity.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', sessionToken ?? '');
  vi.stubEnv('AWS_CREDENTIAL_EXPIRATION', sessionToken ? TEMPORARY_EXPIRATION.toISOString() : '');
  vi.stubEnv('AWS_PROFILE', '');
  vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
}

async function command(argv: string[]): Promise<number> {
  const result = await runMain(argv);
  written.push({ what: `${argv.join(' ')} (stdout)`, text: result.stdout }, { what: `${argv.join(' ')} (stderr)`, text: result.stderr });
  return result.code;
}

/** Every file under `dir` (database, -wal/-shm if present, reports, exports), read as latin1 so every byte is searched. */
function filesWritten(): Array<{ what: string; text: string }> {
  return readdirSync(dir).map((name) => ({ what: name, text: readFileSync(join(dir, name)).toString('latin1') }));
}

function findLeaks(outputs: Array<{ what: string; text: string }>): string[] {
  const leaks: string[] = [];
  for (const { what, text } of outputs) {
    for (const needle of FORBIDDEN) if (text.toLowerCase().includes(needle.toLowerCase())) leaks.push(`${what}: ${needle}`);
    // Only the access key id's last four characters may appear.
    for (const id of [STATIC.accessKeyId, TEMPORARY.accessKeyId]) if (text.includes(id.slice(0, -4))) leaks.push(`${what}: ${id} prefix`);
  }
  return leaks;
}

describe('fake credentials through every command', () => {
  it('no secret, token, key id, Authorization or presigned parameter appears in anything written', async () => {
    const scenario = join(dir, 'leak.yaml');
    writeFileSync(scenario, ['version: 1', 'name: leak', 'target: s3', 'bucket: s3probe-leak', `endpoint: ${server.endpoint}`, 'path-style: true',
      'objects: { count: 4, size-bytes: [0, 16] }', 'methods: [head, ranged-get, get]', 'schedule: { before-upload-ms: [-20], after-upload-ms: [0, 20] }',
      'follow-up: { on-head-403: ranged-get }', 'seed: 3', ''].join('\n'));
    const db = join(dir, 'leak.sqlite');

    useCredentials(STATIC);
    expect(await command(['validate', scenario])).toBe(0);
    expect(await command(['run', scenario, '--db', db, '--no-progress'])).toBe(0);
    useCredentials(TEMPORARY);
    expect(await command(['run', scenario, '--db', db, '--progress'])).toBe(0);
    // Wrong credentials fail at preflight; the error message must not carry them either.
    useCredentials(TEMPORARY, 'leakcheck-token-WRONG');
    expect(await command(['run', scenario, '--db', db, '--no-progress'])).toBe(3);
    useCredentials({ ...STATIC, secretAccessKey: 'leakcheck-secret-WRONG' });
    expect(await command(['run', scenario, '--db', db, '--no-progress'])).toBe(3);

    for (const format of ['json', 'markdown', 'table']) expect(await command(['summary', '--db', db, '--format', format])).toBe(0);
    for (const format of ['markdown', 'json', 'html']) expect(await command(['report', '--db', db, '--format', format, '-o', join(dir, `report.${format}`)])).toBe(0);
    for (const format of ['csv', 'jsonl']) expect(await command(['export', '--db', db, '--run', 'all', '--format', format, '-o', join(dir, `export.${format}`)])).toBe(0);
    expect(await command(['trend', '--db', db])).toBe(0);

    const outputs = [...written, ...filesWritten()];
    expect(outputs.filter((o) => o.what.startsWith('report.') || o.what.startsWith('export.'))).toHaveLength(5);
    expect(findLeaks(outputs)).toEqual([]);
    // What is recorded instead: the credential kind (static / temporary) of each run.
    const dbText = filesWritten().find((f) => f.what === 'leak.sqlite')!.text;
    expect(dbText).toContain('static (environment variables)');
    expect(dbText).toContain('temporary (environment variables)');
    // … and per identity, as credential-refresh events: key suffix, kind and expiry only.
    expect(dbText).toContain(`"accessKeyIdSuffix":"0002","credentialKind":"temporary","expiresAtMs":${TEMPORARY_EXPIRATION.getTime()}`);
    expect(dbText).toContain('"accessKeyIdSuffix":"0001","credentialKind":"static","expiresAtMs":null');
  });

  it('the search itself finds a planted secret (the check can fail)', () => {
    expect(findLeaks([{ what: 'planted', text: `x-amz-security-token: ${TEMPORARY.sessionToken}` }])).not.toEqual([]);
    expect(findLeaks([{ what: 'planted', text: 'key …0001' }])).toEqual([]);
  });
});
