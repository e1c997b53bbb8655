// Connects a run to its target: the embedded endpoint (started here, bucket created) or a real S3 endpoint (preflighted).
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { HarnessError } from './errors.js';
import { defaultIdentities } from './local-s3/identities.js';
import { startLocalS3 } from './local-s3/server.js';
import { clientSettingsFor, createS3Client, type ProbeClient } from './s3/client.js';
import { preflight } from './s3/preflight.js';
import type { Scenario } from './scenario/scenario.js';

export interface ConnectedTarget {
  client: ProbeClient;
  /** Endpoint URL as recorded (null = AWS's default endpoint). */
  endpoint: string | null;
  /** Stops the client and, for local, the embedded endpoint. */
  close(): Promise<void>;
}

export async function connectTarget(scenario: Scenario): Promise<ConnectedTarget> {
  return scenario.target === 'local' ? connectLocal(scenario) : connectS3(scenario);
}

async function connectLocal(scenario: Scenario): Promise<ConnectedTarget> {
  const identity = defaultIdentities()[0];
  const server = await startLocalS3({ identities: [identity], region: scenario.region });
  const client = createS3Client(
    clientSettingsFor({ ...scenario, pathStyle: true }, server.endpoint, { accessKeyId: identity.accessKeyId, secretAccessKey: identity.secretAccessKey }),
  );
  const close = async () => {
    client.destroy();
    await server.close();
  };
  try {
    await client.s3.send(new CreateBucketCommand({ Bucket: scenario.bucket }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') {
      await close();
      throw new HarnessError('E_ENDPOINT', `the embedded endpoint at ${server.endpoint} refused CreateBucket "${scenario.bucket}": ${(error as Error).message}`, { cause: error });
    }
  }
  return { client, endpoint: server.endpoint, close };
}

async function connectS3(scenario: Scenario): Promise<ConnectedTarget> {
  const client = createS3Client(clientSettingsFor(scenario, scenario.endpoint));
  try {
    await preflight(client.s3, scenario.bucket, scenario.endpoint ?? `AWS ${scenario.region}`);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return { client, endpoint: scenario.endpoint ?? null, close: async () => client.destroy() };
}
