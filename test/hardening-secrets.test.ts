// No secret leaked: every command run with recognisable fake credentials, and every byte it wrote searched for them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
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

/** The engines of docs/arms.md: each gets an arm signing with a wrong secret and one sending a wrong token. */
const ENGINES = ['sdk', 'raw', 'presigned'] as const;

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

  it('error bodies that echo key ids, signatures, canonical requests and tokens are recorded scrubbed, on every engine and method', async () => {
    // Arms whose profiles sign with a wrong secret (SignatureDoesNotMatch: key id, string to sign, signature and canonical
    // request in the body) or send a wrong token (InvalidToken: Token-0). The profiles file lives outside `dir`: it holds
    // the secrets on purpose, and `dir` is what is searched.
    const profilesDir = mkdtempSync(join(tmpdir(), 's3probe-secrets-profiles-'));
    try {
      const profiles = join(profilesDir, 'credentials');
      writeFileSync(profiles, [
        '[wrong-secret]', `aws_access_key_id = ${STATIC.accessKeyId}`, 'aws_secret_access_key = leakcheck-secret-WRONG-0123456789abcd',
        '[wrong-token]', `aws_access_key_id = ${TEMPORARY.accessKeyId}`, `aws_secret_access_key = ${TEMPORARY.secretAccessKey}`,
        'aws_session_token = leakcheck-token-WRONG-FwoGZXIvYXdzEJr', '',
      ].join('\n'));
      const scenario = join(dir, 'bad-signatures.yaml');
      writeFileSync(scenario, ['version: 1', 'name: bad-signatures', 'target: s3', 'bucket: s3probe-leak', `endpoint: ${server.endpoint}`, 'path-style: true',
        'objects: { count: 2, size-bytes: [16] }', 'methods: [head, ranged-get, get, get-object-attributes, list-prefix]',
        'schedule: { before-upload-ms: [-20], after-upload-ms: [0] }', 'follow-up: { on-head-403: none }', 'seed: 5', 'arms:',
        '  - { name: sdk }',
        ...ENGINES.flatMap((engine) => [`  - { name: ${engine}-wrong-secret, engine: ${engine}, profile: wrong-secret }`, `  - { name: ${engine}-wrong-token, engine: ${engine}, profile: wrong-token }`]),
        ''].join('\n'));
      const db = join(dir, 'bad-signatures.sqlite');

      useCredentials(STATIC);
      vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', profiles);
      expect(await command(['run', scenario, '--db', db, '--no-progress'])).toBe(0);
      for (const format of ['csv', 'jsonl']) expect(await command(['export', '--db', db, '--run', 'all', '--format', format, '-o', join(dir, `bad-signatures.${format}`)])).toBe(0);
      expect(await command(['report', '--db', db, '--format', 'html', '-o', join(dir, 'bad-signatures.html')])).toBe(0);
      expect(await command(['summary', '--db', db, '--format', 'json'])).toBe(0);

      const outputs = [...written, ...filesWritten()];
      expect(outputs.filter((o) => o.what.startsWith('bad-signatures.')).map((o) => o.what))
        .toEqual(expect.arrayContaining(['bad-signatures.csv', 'bad-signatures.html', 'bad-signatures.jsonl', 'bad-signatures.sqlite']));
      expect(findLeaks(outputs)).toEqual([]);
      // No signature either: the signatures sent were 64 hex characters, like the hash a string to sign ends with.
      for (const { what, text } of outputs) expect(/[0-9a-f]{64}/.exec(text)?.[0], what).toBeUndefined();

      // Recorded: the code and the request id of every refused attempt, with its body, for every engine and method with a body.
      const reader = new Database(db, { readonly: true });
      const rows = reader.prepare(
        `SELECT p.arm, p.method, a.error_code AS code, a.request_id AS requestId, a.error_body AS body
         FROM attempts a JOIN probes p ON p.id = a.probe_id WHERE p.arm != 'sdk' AND p.method != 'head'`,
      ).all() as Array<{ arm: string; method: string; code: string | null; requestId: string | null; body: string | null }>;
      reader.close();
      expect(new Set(rows.map((row) => `${row.arm} ${row.method}`)).size).toBe(ENGINES.length * 2 * 4);
      for (const row of rows) {
        const wrongSecret = row.arm.endsWith('wrong-secret');
        expect(row.code, `${row.arm} ${row.method}`).toBe(wrongSecret ? 'SignatureDoesNotMatch' : 'InvalidToken');
        expect(row.requestId).toMatch(/^[0-9A-F]{16}$/);
        expect(row.body).toContain(`<RequestId>${row.requestId}</RequestId>`);
        if (wrongSecret) {
          expect(row.body).toContain('<AWSAccessKeyId>…0001</AWSAccessKeyId><StringToSign>[redacted]</StringToSign><SignatureProvided>[redacted]</SignatureProvided>');
          expect(row.body).toContain('<CanonicalRequest>[redacted]</CanonicalRequest><CanonicalRequestBytes>[redacted]</CanonicalRequestBytes>');
        } else {
          expect(row.body).toContain('<Token-0>[redacted]</Token-0>');
        }
      }
    } finally {
      rmSync(profilesDir, { recursive: true, force: true });
    }
  });

  it('the search itself finds a planted secret (the check can fail)', () => {
    expect(findLeaks([{ what: 'planted', text: `x-amz-security-token: ${TEMPORARY.sessionToken}` }])).not.toEqual([]);
    expect(findLeaks([{ what: 'planted', text: 'key …0001' }])).toEqual([]);
  });
});
