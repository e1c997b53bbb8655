// Builds the S3 client a run uses: sized HTTP agent, timeouts, retries and credentials from scenario settings.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { realClock } from '../clock.js';
import type { Scenario } from '../scenario/scenario.js';
import { CredentialObserver, type CredentialRefreshListener } from './credential-observer.js';

export interface ClientSettings {
  region: string;
  /** Undefined = AWS's own endpoint for the region. */
  endpoint?: string;
  pathStyle: boolean;
  /** Static keys (local target, tests) or a provider; undefined = the standard AWS provider chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  profile?: string;
  maxAttempts: number;
  requestTimeoutMs: number;
  requestChecksumCalculation: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Upper bound on requests in flight; the agent gets this many sockets so none queue inside Node. */
  concurrency: number;
  /** false = a new connection per request (an arm with `connection: fresh`); default true. */
  keepAlive?: boolean;
  /** Clock of the credential-refresh events' `atMs`; default the real clock (as attempts' times). */
  now?: () => number;
}

export function clientSettingsFor(scenario: Scenario, endpoint: string | undefined, credentials?: AwsCredentialIdentity): ClientSettings {
  return {
    region: scenario.region,
    endpoint,
    pathStyle: scenario.pathStyle,
    credentials,
    profile: scenario.profile,
    maxAttempts: scenario.sdk.maxAttempts,
    requestTimeoutMs: scenario.sdk.requestTimeoutMs,
    requestChecksumCalculation: scenario.sdk.requestChecksumCalculation,
    concurrency: scenario.concurrency,
  };
}

export interface ProbeClient {
  s3: S3Client;
  /** Closes the client's sockets. */
  destroy(): void;
  /** Hears every identity the client resolved so far, then each new one (credential-observer.ts); returns a stop function. */
  onCredentialRefresh(listener: CredentialRefreshListener): () => void;
}

export function createS3Client(settings: ClientSettings): ProbeClient {
  // The SDK's default maxSockets is 50: size the pool to the concurrency bound (plus headroom for uploads/cleanup).
  const agentOptions = { keepAlive: settings.keepAlive ?? true, maxSockets: settings.concurrency + 4, maxFreeSockets: settings.concurrency + 4 };
  const httpAgent = new HttpAgent(agentOptions);
  const httpsAgent = new HttpsAgent(agentOptions);
  const observer = new CredentialObserver(settings.now ?? realClock.now);
  const s3 = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.pathStyle,
    credentials: observer.wrap(settings.credentials ?? fromNodeProviderChain({ profile: settings.profile })),
    maxAttempts: settings.maxAttempts,
    requestChecksumCalculation: settings.requestChecksumCalculation,
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: new NodeHttpHandler({
      httpAgent,
      httpsAgent,
      // requestTimeout bounds the wait for response headers (it only warns unless throwOnRequestTimeout);
      // socketTimeout bounds inactivity while the body streams.
      connectionTimeout: settings.requestTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
      socketTimeout: settings.requestTimeoutMs,
    }),
  });
  return {
    s3,
    destroy() {
      s3.destroy();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
    onCredentialRefresh: (listener) => observer.subscribe(listener),
  };
}
