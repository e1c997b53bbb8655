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
