// An embedded endpoint on a manual clock with a bucket, an owner and a reader without s3:ListBucket, for endpoint behaviour tests.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createLocalIdentity, type LocalS3Identity } from '../../src/local-s3/identities.js';
import { STRONG_CONSISTENCY, type ConsistencyModel } from '../../src/local-s3/models.js';
import { startLocalS3, type LocalS3, type LocalS3LogEntry } from '../../src/local-s3/server.js';
import type { FaultRule } from '../../src/scenario/scenario.js';

export const RIG_OWNER = createLocalIdentity('owner', true);
export const RIG_READER = createLocalIdentity('reader', false);

export interface LocalS3Rig {
  server: LocalS3;
  owner: S3Client;
  reader: S3Client;
  /** Every request the endpoint logged, in order. */
  log: LocalS3LogEntry[];
  /** Moves the endpoint's clock (it starts at the real time, so signatures stay within the allowed skew). */
  advanceMs(ms: number): void;
  close(): Promise<void>;
}

function clientFor(server: LocalS3, { accessKeyId, secretAccessKey }: LocalS3Identity): S3Client {
  return new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
}

/** Starts the endpoint (strong consistency unless `consistency` says otherwise) and creates `bucket` as the owner. */
export async function startLocalS3Rig(bucket: string, options: { consistency?: Partial<ConsistencyModel>; faults?: FaultRule[] } = {}): Promise<LocalS3Rig> {
  let clockMs = Date.now();
  const log: LocalS3LogEntry[] = [];
  const server = await startLocalS3({
    identities: [RIG_OWNER, RIG_READER], consistency: { ...STRONG_CONSISTENCY, ...options.consistency }, faults: options.faults,
    now: () => clockMs, onLog: (entry) => log.push(entry),
  });
  const owner = clientFor(server, RIG_OWNER);
  const reader = clientFor(server, RIG_READER);
  const rig: LocalS3Rig = {
    server, owner, reader, log,
    advanceMs: (ms) => (clockMs += ms),
    async close() {
      owner.destroy();
      reader.destroy();
      await server.close();
    },
  };
  await owner.send(new CreateBucketCommand({ Bucket: bucket }));
  return rig;
}
