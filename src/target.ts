// Connects a run to its target: the embedded endpoint (started here, bucket created) or a real S3 endpoint (preflighted).
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { HarnessError } from './errors.js';
import { createLocalIdentity, type LocalS3Identity } from './local-s3/identities.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry } from './local-s3/server.js';
import type { ArmTarget } from './s3/arm-engines.js';
import { clientSettingsFor, createS3Client, type ProbeClient } from './s3/client.js';
import { preflight } from './s3/preflight.js';
import type { Scenario } from './scenario/scenario.js';

export interface ConnectedTarget {
  /** Uploads and cleans up (scenario `uploader`). */
  uploader: ProbeClient;
  /** Fires the probes (scenario `prober`); may be the same client as `uploader`. */
  prober: ProbeClient;
  /** Endpoint URL as recorded (null = AWS's default endpoint). */
  endpoint: string | null;
  /** Where the scenario's arms probe (src/s3/arm-engines.ts). */
  armTarget: ArmTarget;
  /** Stops the client and, for local, the embedded endpoint. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** Ground truth: called once per request the embedded endpoint answered (target local only). */
  onEndpointLog?: (entry: LocalS3LogEntry) => void;
}

export async function connectTarget(scenario: Scenario, options: ConnectOptions = {}): Promise<ConnectedTarget> {
  return scenario.target === 'local' ? connectLocal(scenario, options) : connectS3(scenario);
}

/** The embedded endpoint as a scenario describes it, with its bucket created by the uploader. */
export interface LocalTarget {
  server: LocalS3;
  /** The scenario's identities with their generated (fake, deterministic) keys, in scenario order. */
  identities: LocalS3Identity[];
  uploader: ProbeClient;
  prober: ProbeClient;
  /** Destroys the clients, then stops the endpoint. */
  close(): Promise<void>;
}

/**
 * Starts the embedded endpoint with the scenario's identities, faults (seeded by the scenario's seed) and consistency
 * model, and creates the scenario's bucket as the uploader. Separate clients when uploader and prober differ.
 */
export async function startLocalTarget(scenario: Scenario, options: ConnectOptions & { port?: number } = {}): Promise<LocalTarget> {
  const identities = scenario.identities.map((spec) => createLocalIdentity(spec.name, spec.listBucket));
  const server = await startLocalS3({
    identities, region: scenario.region, port: options.port, faults: scenario.faults, seed: scenario.seed, consistency: scenario.consistency,
    onLog: options.onEndpointLog,
  });
  const createClientAs = (name: string) => {
    const { accessKeyId, secretAccessKey } = identities.find((identity) => identity.name === name) ?? identities[0];
    return createS3Client(clientSettingsFor({ ...scenario, pathStyle: true }, server.endpoint, { accessKeyId, secretAccessKey }));
  };
  const uploader = createClientAs(scenario.uploader);
  const prober = scenario.prober === scenario.uploader ? uploader : createClientAs(scenario.prober);
  const close = async () => {
    uploader.destroy();
    if (prober !== uploader) prober.destroy();
    await server.close();
  };
  try {
    await uploader.s3.send(new CreateBucketCommand({ Bucket: scenario.bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') {
      await close();
      throw new HarnessError('E_ENDPOINT', `the embedded endpoint at ${server.endpoint} refused CreateBucket "${scenario.bucket}": ${(error as Error).message}`, { cause: error });
    }
  }
  return { server, identities, uploader, prober, close };
}

async function connectLocal(scenario: Scenario, options: ConnectOptions): Promise<ConnectedTarget> {
  const local = await startLocalTarget(scenario, options);
  const credentialsOf = (name: string) => {
    const identity = local.identities.find((candidate) => candidate.name === name);
    return identity === undefined ? undefined : { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey };
  };
  const armTarget: ArmTarget = { endpoint: local.server.endpoint, pathStyle: true, credentialsOf };
  return { uploader: local.uploader, prober: local.prober, endpoint: local.server.endpoint, armTarget, close: local.close };
}

async function connectS3(scenario: Scenario): Promise<ConnectedTarget> {
  const client = createS3Client(clientSettingsFor(scenario, scenario.endpoint));
  try {
    await preflight(client.s3, scenario.bucket, scenario.endpoint ?? `AWS ${scenario.region}`);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const armTarget: ArmTarget = { endpoint: scenario.endpoint, pathStyle: scenario.pathStyle };
  return { uploader: client, prober: client, endpoint: scenario.endpoint ?? null, armTarget, close: async () => client.destroy() };
}
