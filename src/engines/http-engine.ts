// The raw and presigned probe engines: sign with SignatureV4, send with node:http(s), record every attempt; no SDK middleware in the path.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { realClock } from '../clock.js';
import { HarnessError } from '../errors.js';
import type { ProbeOrder } from '../probes/run-probe.js';
import { SocketLedger } from '../s3/attempt-capture.js';
import { classifyNetworkError } from '../s3/response-facts.js';
import { addressBucket, addressObject, parseEndpoint, type ObjectAddress } from './addressing.js';
import { createConnector, type ConnectTarget, type LookupAddress } from './connector.js';
import { CredentialCache, type SigningIdentity } from './credential-cache.js';
import type { ConnectionMode, CredentialRefresh, ProbeEngine, RawAttemptRecord, RawProbeRecord } from './engine.js';
import { newAttemptRecord, sendAttempt } from './http-attempt.js';
import { readListing, resolveRequest, tapBody, type ResolvedRequest, type TappedResult } from './method-requests.js';
import { assembleProbeRecord } from './probe-outcome.js';
import { TimeoutSweeper } from './timeout-sweeper.js';
import { presignRequest, signRequest, type PayloadHashMode, type SignInput, type SignedRequest } from './request-signing.js';
import { DEFAULT_RETRY_BASE_DELAY_MS, classifyRetry, computeRetryDelayMs } from './retry-policy.js';

export interface HttpEngineOptions {
  runId: string;
  bucket: string;
  region: string;
  /** `http(s)://host[:port]`; undefined = `https://s3.<region>.amazonaws.com`. */
  endpoint?: string;
  /** `/<bucket>/<key>` on the endpoint host (true) or `/<key>` on `<bucket>.<host>` (false). */
  pathStyle: boolean;
  /** Static keys or a provider (e.g. `fromNodeProviderChain()`), resolved once and kept until 5 minutes before expiry. */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Upper bound on probes in flight; sizes the keep-alive pool. */
  concurrency: number;
  /** Bounds the wait for response headers and each silence while a body streams. */
  requestTimeoutMs: number;
  /** Default 'keep-alive'. */
  connection?: ConnectionMode;
  /** Attempts per probe, retrying as the SDK's standard strategy would (5xx, 429, throttling, resets, timeouts). Default 1. */
  maxAttempts?: number;
  /** Backoff base before a retry (500 ms-equivalent ×5 for throttling); default 100 as in the SDK, 0 = no wait. */
  retryBaseDelayMs?: number;
  /** Timing clock, epoch ms; default the real clock. */
  now?: () => number;
  /** The clock whose time is signed (`x-amz-date`); default `now`. Shift it to simulate client clock skew. */
  signingClock?: () => number;
  /** Host name resolution (for `fresh-dns`, and for every mode when given); default Node's. */
  lookup?: LookupAddress;
  /** Share one with other engines to count requests per socket across them; default a new one. */
  ledger?: SocketLedger;
  /** Called with every credential resolution, the first one included (no secret in it). */
  onCredentialRefresh?: (event: CredentialRefresh) => void;
  /** Jitter source of the retry backoff; default Math.random. */
  random?: () => number;
}

export interface RawEngineOptions extends HttpEngineOptions {
  /** `x-amz-content-sha256`: the empty-body hash as the SDK sends (default 'empty'), or 'unsigned' (UNSIGNED-PAYLOAD). */
  payloadHash?: PayloadHashMode;
}

export interface PresignedEngineOptions extends HttpEngineOptions {
  /** `X-Amz-Expires` of each URL, presigned per attempt; default 900. */
  expiresInSeconds?: number;
}

/** Requests built and signed by s3probe (Authorization header), sent with node:http(s). */
export function createRawEngine(options: RawEngineOptions): ProbeEngine<RawProbeRecord> {
  const payloadHash = options.payloadHash ?? 'empty';
  return createHttpEngine('raw', options, (input) => signRequest(input, payloadHash));
}

/** Presigned URLs (a signer of this engine's own, never an SDK client's) fetched with plain node:http(s). */
export function createPresignedEngine(options: PresignedEngineOptions): ProbeEngine<RawProbeRecord> {
  const expiresInSeconds = options.expiresInSeconds ?? 900;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > 604_800) {
    throw new HarnessError('E_USAGE', `presigned engine: expiresInSeconds must be an integer from 1 to 604800 (7 days), got ${expiresInSeconds}.`);
  }
  return createHttpEngine('presigned', options, (input) => presignRequest(input, expiresInSeconds));
}

type Sign = (input: SignInput) => Promise<SignedRequest>;

function createHttpEngine(name: 'raw' | 'presigned', options: HttpEngineOptions, sign: Sign): ProbeEngine<RawProbeRecord> {
  checkOptions(name, options);
  const now = options.now ?? realClock.now;
  const signingClock = options.signingClock ?? now;
  const maxAttempts = options.maxAttempts ?? 1;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  const random = options.random ?? Math.random;
  const endpoint = parseEndpoint(options.endpoint, options.region);
  addressObject(endpoint, options.bucket, 'probe', options.pathStyle); // fails fast on an impossible addressing choice
  const connector = createConnector(options.connection ?? 'keep-alive', options.concurrency, options.lookup);
  const ledger = options.ledger ?? new SocketLedger();
  const sweeper = new TimeoutSweeper(options.requestTimeoutMs);
  const credentials = new CredentialCache({ credentials: options.credentials, region: options.region, now, onRefresh: options.onCredentialRefresh });

  async function attemptOnce(attempt: number, identity: SigningIdentity, address: ObjectAddress, request: ResolvedRequest): Promise<TappedResult> {
    const signed = await sign({ identity, address, httpMethod: request.httpMethod, headers: request.headers, query: request.query, signedAtMs: signingClock() });
    const startedAtMs = now();
    let target: ConnectTarget;
    try {
      const connecting = connector.connect(address);
      target = connecting instanceof Promise ? await connecting : connecting;
    } catch (error) {
      // fresh-dns: the lookup failed, so the attempt failed before any byte was sent.
      const record = newAttemptRecord(attempt, startedAtMs, signed, identity.facts, null);
      record.endedAtMs = now();
      record.errorClass = classifyNetworkError(error);
      return { record, bytes: null, bodyFailed: false, body: null };
    }
    const chunks: Buffer[] | null = request.readsListing ? [] : null;
    if (chunks !== null) target = tapBody(target, chunks);
    const spec = { attempt, startedAtMs, target, httpMethod: request.httpMethod, request: signed, countBody: request.countBody, identityFacts: identity.facts };
    const result = await sendAttempt(spec, ledger, sweeper, now);
    return { ...result, body: chunks === null ? null : Buffer.concat(chunks) };
  }

  return {
    name,
    async probe(order: ProbeOrder): Promise<RawProbeRecord> {
      const request = resolveRequest(name, order);
      const startedAtMs = now();
      const attempts: RawAttemptRecord[] = [];
      const outcome = { bytes: null as number | null, bodyFailed: false, failure: null as unknown, keyListed: undefined as boolean | null | undefined };
      try {
        const address = request.resource === 'bucket'
          ? addressBucket(endpoint, options.bucket, options.pathStyle)
          : addressObject(endpoint, options.bucket, order.objectKey, options.pathStyle);
        for (let attempt = 1; ; attempt++) {
          const resolving = credentials.resolve();
          const identity = resolving instanceof Promise ? await resolving : resolving;
          const result = await attemptOnce(attempt, identity, address, request);
          attempts.push(result.record);
          outcome.bytes = result.bytes;
          outcome.bodyFailed = result.bodyFailed;
          if (request.readsListing) outcome.keyListed = readListing(result, order.objectKey);
          const retryClass = attempt < maxAttempts ? classifyRetry(result.record, result.bodyFailed) : null;
          if (retryClass === null) break;
          const delayMs = computeRetryDelayMs(retryClass, attempt, retryBaseDelayMs, random);
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        }
      } catch (error) {
        outcome.failure = error;
      }
      return assembleProbeRecord(options.runId, order, { startedAtMs, latencyMs: now() - startedAtMs }, attempts, outcome);
    },
    destroy() {
      sweeper.abortAll();
      connector.destroy();
    },
  };
}

function checkOptions(name: string, options: HttpEngineOptions): void {
  const positive: Array<[string, number | undefined]> = [
    ['concurrency', options.concurrency],
    ['requestTimeoutMs', options.requestTimeoutMs],
    ['maxAttempts', options.maxAttempts ?? 1],
  ];
  for (const [key, value] of positive) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new HarnessError('E_USAGE', `${name} engine: ${key} must be a positive integer, got ${String(value)}.`);
    }
  }
  if (options.retryBaseDelayMs !== undefined && !(options.retryBaseDelayMs >= 0)) {
    throw new HarnessError('E_USAGE', `${name} engine: retryBaseDelayMs must be 0 or more, got ${options.retryBaseDelayMs}.`);
  }
}
