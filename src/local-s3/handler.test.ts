import { describe, expect, it } from 'vitest';
import { answerRequest, type PipelineDeps } from './handler.js';
import { defaultIdentities } from './identities.js';
import { parseS3Request } from './s3-request.js';
import { ObjectStore } from './store.js';

const IDS = { requestId: '0123456789ABCDEF', hostId: 'host-id' };

function createDeps(overrides: Partial<PipelineDeps> = {}): PipelineDeps {
  const identitiesByAccessKey = new Map(defaultIdentities().map((identity) => [identity.accessKeyId, identity]));
  return { store: new ObjectStore(), region: 'us-east-1', identitiesByAccessKey, ...overrides };
}

describe('answerRequest', () => {
  it('refuses an anonymous request with 403 AccessDenied', async () => {
    const request = parseS3Request({ method: 'HEAD', url: '/bucket/key', headers: {} }, Buffer.alloc(0), IDS, 0);
    const { response, accessKeyId } = await answerRequest(request, createDeps());
    expect([response?.status, response?.errorCode, accessKeyId]).toEqual([403, 'AccessDenied', null]);
  });

  it('lets the override seam replace the default answer, seeing both the request and that answer', async () => {
    const request = parseS3Request({ method: 'HEAD', url: '/bucket/key', headers: {} }, Buffer.alloc(0), IDS, 0);
    const seen: string[] = [];
    const deps = createDeps({
      overrideResponse: (overridden, defaultResponse) => {
        seen.push(`${overridden.operation} ${defaultResponse.status}`);
        return { status: 503, headers: {}, body: null, errorCode: 'SlowDown' };
      },
    });
    const { response } = await answerRequest(request, deps);
    expect([seen, response?.status, response?.errorCode]).toEqual([['HeadObject 403'], 503, 'SlowDown']);
  });

  it('answers an undecodable path with 400 InvalidURI before authenticating', async () => {
    const request = parseS3Request({ method: 'GET', url: '/bucket/%E0%A4%A', headers: {} }, Buffer.alloc(0), IDS, 0);
    const { response } = await answerRequest(request, createDeps());
    expect([request.operation, response?.status, response?.errorCode]).toEqual(['unknown', 400, 'InvalidURI']);
  });
});
