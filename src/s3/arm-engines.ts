// One probe engine per scenario arm: the SDK (its own client per identity/connection), or the raw / presigned HTTP engines of src/engines.
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { realClock } from '../clock.js';
import { createPresignedEngine, createRawEngine, sdkEngine, type CredentialRefresh, type ProbeEngine } from '../engines/index.js';
import { DEFAULT_ARM } from '../scenario/arms.js';
import type { ArmSpec, Scenario } from '../scenario/scenario.js';
import { SocketLedger } from './attempt-capture.js';
import { clientSettingsFor, createS3Client } from './client.js';

/** What an arm needs to know about where it probes. */
export interface ArmTarget {
  /** Endpoint URL (the embedded endpoint's for local); undefined = AWS's for the region. */
  endpoint: string | undefined;
  pathStyle: boolean;
  /** Static keys by identity name (target local); undefined = the AWS credential chain (with the arm's or scenario's profile). */
  credentialsOf?: (identity: string) => AwsCredentialIdentity | undefined;
}

export interface ArmEngines {
  /** By arm name; arms identical to the default one are left out (PlanRun fires them through the prober's client). */
  engines: Map<string, ProbeEngine>;
  /** The arms left out of `engines`: they probe through the prober's client, so its credential refreshes are theirs. */
  proberArms: string[];
  /** Closes every engine and client made here (not `target.prober`). */
  destroy(): void;
}

export interface ArmEngineOptions {
  runId: string;
  /** Each new identity an arm's own engine or SDK client resolved (no secret), for the run's credential timeline. */
  onCredentialRefresh?: (arm: string, event: CredentialRefresh) => void;
}

/** Builds an engine for every arm except those identical to the default one (SDK, keep-alive, the prober). */
export function createArmEngines(scenario: Scenario, arms: ArmSpec[], target: ArmTarget, options: ArmEngineOptions): ArmEngines {
  const engines = new Map<string, ProbeEngine>();
  const proberArms: string[] = [];
  const ledger = new SocketLedger();
  const now = () => realClock.now();
  try {
    for (const arm of arms) {
      const engine = createArmEngine(scenario, arm, target, options, ledger, now);
      if (engine !== null) engines.set(arm.name, engine);
      else proberArms.push(arm.name);
    }
  } catch (error) {
    for (const engine of engines.values()) engine.destroy();
    throw error;
  }
  return {
    engines,
    proberArms,
    destroy() {
      for (const engine of engines.values()) engine.destroy();
    },
  };
}

/** null = the arm is the default one (SDK, keep-alive, the prober): PlanRun fires it through its own context, as without arms. */
function createArmEngine(scenario: Scenario, arm: ArmSpec, target: ArmTarget, options: ArmEngineOptions, ledger: SocketLedger, now: () => number): ProbeEngine | null {
  const identity = arm.identity ?? scenario.prober;
  const profile = arm.profile ?? scenario.profile;
  const staticKeys = target.credentialsOf?.(identity);
  const context = { runId: options.runId, bucket: scenario.bucket, ledger, now };
  if (arm.engine === 'sdk') {
    const usesProber = arm.connection === DEFAULT_ARM.connection && identity === scenario.prober && profile === scenario.profile;
    if (usesProber) return null;
    // `fresh-dns` through the SDK: with keep-alive off every connection is new, and Node resolves the host for each one.
    const client = createS3Client({
      ...clientSettingsFor({ ...scenario, pathStyle: target.pathStyle, profile }, target.endpoint, staticKeys),
      keepAlive: arm.connection === 'keep-alive',
      now,
    });
    client.onCredentialRefresh((event) => options.onCredentialRefresh?.(arm.name, event));
    return sdkEngine({ ...context, s3: client.s3 }, () => client.destroy());
  }
  const credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider = staticKeys ?? fromNodeProviderChain({ profile });
  const httpOptions = {
    runId: options.runId, bucket: scenario.bucket, region: scenario.region, endpoint: target.endpoint, pathStyle: target.pathStyle,
    credentials, concurrency: scenario.concurrency, requestTimeoutMs: scenario.sdk.requestTimeoutMs, connection: arm.connection,
    maxAttempts: scenario.sdk.maxAttempts, now, ledger,
    onCredentialRefresh: (event: CredentialRefresh) => options.onCredentialRefresh?.(arm.name, event),
  };
  return arm.engine === 'raw' ? createRawEngine(httpOptions) : createPresignedEngine(httpOptions);
}
