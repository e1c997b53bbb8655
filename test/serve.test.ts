// End to end: `s3probe serve` spawned as a user would, driven by a separate SDK client with the keys it prints, then stopped.
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli, startCli } from './helpers/cli.js';

let dir: string;

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 's3probe-serve-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Printed {
  endpoint: string;
  bucket: string;
  keys: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

/** Resolves with what serve printed once its banner is complete (the "Ctrl-C" line ends it). */
function readBanner(child: ChildProcess): Promise<Printed> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its endpoint: ${text}`)));
    child.stdout!.on('data', (chunk) => {
      text += chunk;
      if (!text.includes('Ctrl-C stops the endpoint.')) return;
      const keys: Printed['keys'] = {};
      for (const [, name, accessKeyId, secretAccessKey] of text.matchAll(/^ {2}(\S+)\s+access key id (\S+)\s+secret (\S+)/gm)) keys[name] = { accessKeyId, secretAccessKey };
      resolve({ endpoint: /^endpoint: (\S+)$/m.exec(text)![1], bucket: /^bucket: +(\S+)/m.exec(text)![1], keys });
    });
  });
}

function createClient(endpoint: string, credentials: Printed['keys'][string]): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials, maxAttempts: 1 });
}

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    const output = (await promise) as { $metadata: { httpStatusCode?: number } };
    return output.$metadata.httpStatusCode;
  } catch (error) {
    if (error instanceof S3ServiceException) return error.$metadata.httpStatusCode;
    throw error;
  }
}

describe('s3probe serve', () => {
  it('serves the scenario: identities, faults and permission model, and stops on SIGINT with exit 0', async () => {
    const scenarioPath = join(dir, 'serve.yaml');
    writeFileSync(scenarioPath, [
      'version: 1',
      'name: serve-test',
      'target: local',
      'bucket: serve-bucket',
      'identities: [{ name: owner }, { name: reader, list-bucket: false }]',
      'uploader: owner',
      'prober: reader',
      'faults:',
      '  - { method: get, when: after-upload, every: 2, status: 503, code: SlowDown }',
    ].join('\n'));
    const { child, done } = startCli(['serve', '--scenario', scenarioPath]);
    try {
      const printed = await readBanner(child);
      expect(printed.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(printed.bucket).toBe('serve-bucket');
      expect(Object.keys(printed.keys)).toEqual(['owner', 'reader']);
      const owner = createClient(printed.endpoint, printed.keys.owner);
      const reader = createClient(printed.endpoint, printed.keys.reader);
      try {
        expect(await statusOf(owner.send(new PutObjectCommand({ Bucket: 'serve-bucket', Key: 'k', Body: 'hello' })))).toBe(200);
        expect(await statusOf(reader.send(new HeadObjectCommand({ Bucket: 'serve-bucket', Key: 'k' })))).toBe(200);
        expect(await statusOf(reader.send(new HeadObjectCommand({ Bucket: 'serve-bucket', Key: 'missing' })))).toBe(403);
        expect(await statusOf(owner.send(new HeadObjectCommand({ Bucket: 'serve-bucket', Key: 'missing' })))).toBe(404);
        const gets = [];
        for (let i = 0; i < 4; i++) gets.push(await statusOf(reader.send(new GetObjectCommand({ Bucket: 'serve-bucket', Key: 'k' }))));
        expect(gets).toEqual([200, 503, 200, 503]);
      } finally {
        owner.destroy();
        reader.destroy();
      }
      child.kill('SIGINT');
      const result = await done;
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/ GET serve-bucket\/k → 503 SlowDown \[faults\[0\]\]$/m);
      expect(result.stderr).toMatch(/ HEAD serve-bucket\/missing → 403 AccessDenied \[permission\.list-bucket\]$/m);
      expect(result.stderr).toContain('SIGINT: closing the endpoint.');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('without a scenario: one identity, no faults; SIGTERM stops it with exit 0', async () => {
    const { child, done } = startCli(['serve', '--quiet']);
    try {
      const printed = await readBanner(child);
      expect(printed.bucket).toBe('s3probe-local');
      const client = createClient(printed.endpoint, printed.keys.default);
      try {
        expect(await statusOf(client.send(new HeadObjectCommand({ Bucket: 's3probe-local', Key: 'missing' })))).toBe(404);
      } finally {
        client.destroy();
      }
      child.kill('SIGTERM');
      const result = await done;
      expect([result.code, result.stderr.includes(' HEAD ')]).toEqual([0, false]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('a busy port exits 3 naming --port', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await runCli(['serve', '--port', String(port)]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`--port ${port}: cannot listen on 127.0.0.1:${port} (EADDRINUSE). Fix: pass another --port`);
    } finally {
      blocker.close();
    }
  });

  it('refuses a target s3 scenario and a bad port with exit 2', async () => {
    const result = await runCli(['serve', '--scenario', 'scenarios/aws-nightly.yaml']);
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining('serve runs the embedded endpoint only')]);
    expect((await runCli(['serve', '--port', '70000'])).stderr).toContain('--port: expected an integer 0..65535');
  });
});
