// Deletes exactly the keys a run created (DeleteObjects, 1,000 keys a request) and reports which went.
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';

export interface CleanupResult {
  deleted: string[];
  failed: Array<{ key: string; code: string }>;
}

export async function deleteKeys(s3: S3Client, bucket: string, keys: string[]): Promise<CleanupResult> {
  const result: CleanupResult = { deleted: [], failed: [] };
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    try {
      const output = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: false, Objects: batch.map((Key) => ({ Key })) } }),
      );
      for (const d of output.Deleted ?? []) if (d.Key) result.deleted.push(d.Key);
      for (const e of output.Errors ?? []) if (e.Key) result.failed.push({ key: e.Key, code: e.Code ?? 'unknown' });
    } catch (error) {
      const code = (error as { name?: string }).name ?? 'unknown';
      for (const key of batch) result.failed.push({ key, code });
    }
  }
  return result;
}

/**
 * Splits recorded keys into those under the run's own `<prefix><run-id>/` (deletable) and any others (never deleted).
 * A prefix that does not end with `<run-id>/` makes every key foreign: nothing can be proven ours.
 */
export function partitionRunKeys(keys: string[], runPrefix: string, runId: string): { ours: string[]; foreign: string[] } {
  const ownPrefix = runPrefix.endsWith(`${runId}/`) ? runPrefix : null;
  const ours: string[] = [];
  const foreign: string[] = [];
  for (const key of keys) (ownPrefix !== null && key.startsWith(ownPrefix) && key.length > ownPrefix.length ? ours : foreign).push(key);
  return { ours, foreign };
}
