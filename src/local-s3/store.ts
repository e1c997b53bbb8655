// The in-memory bucket and object store: plain data, no HTTP, no clock of its own.
import { compareUtf8 } from './list-objects.js';

export interface StoredObject {
  key: string;
  data: Buffer;
  /** Quoted MD5 hex, as S3 returns it for single-part uploads. */
  etag: string;
  /** Whole seconds, as S3 keeps it. */
  lastModifiedMs: number;
  contentType: string;
  /** `x-amz-meta-*` headers as received (lower-cased names). */
  metadata: Record<string, string>;
  /** Verified flexible checksums by header name, e.g. `{ 'x-amz-checksum-crc32': 'DUoRhQ==' }`. */
  checksums: Record<string, string>;
}

export interface StoredBucket {
  name: string;
  /** Identity name of the creator. */
  owner: string;
  createdAtMs: number;
  objects: Map<string, StoredObject>;
}

export type CreateBucketOutcome = 'created' | 'owned-by-you' | 'owned-by-someone-else';
export type DeleteBucketOutcome = 'deleted' | 'missing' | 'not-empty';

export class ObjectStore {
  private readonly buckets = new Map<string, StoredBucket>();
  private readonly sortedKeysByBucket = new Map<string, string[]>();

  createBucket(name: string, owner: string, nowMs: number): CreateBucketOutcome {
    const existing = this.buckets.get(name);
    if (existing !== undefined) return existing.owner === owner ? 'owned-by-you' : 'owned-by-someone-else';
    this.buckets.set(name, { name, owner, createdAtMs: nowMs, objects: new Map() });
    return 'created';
  }

  deleteBucket(name: string): DeleteBucketOutcome {
    const bucket = this.buckets.get(name);
    if (bucket === undefined) return 'missing';
    if (bucket.objects.size > 0) return 'not-empty';
    this.buckets.delete(name);
    this.sortedKeysByBucket.delete(name);
    return 'deleted';
  }

  getBucket(name: string): StoredBucket | undefined {
    return this.buckets.get(name);
  }

  listBuckets(): StoredBucket[] {
    return [...this.buckets.values()].sort((a, b) => compareUtf8(a.name, b.name));
  }

  putObject(bucket: StoredBucket, object: StoredObject): void {
    if (!bucket.objects.has(object.key)) this.sortedKeysByBucket.delete(bucket.name);
    bucket.objects.set(object.key, object);
  }

  deleteObject(bucket: StoredBucket, key: string): void {
    if (bucket.objects.delete(key)) this.sortedKeysByBucket.delete(bucket.name);
  }

  /** Keys in UTF-8 binary order, as S3 lists them; cached until the key set changes. */
  sortedKeys(bucket: StoredBucket): string[] {
    let keys = this.sortedKeysByBucket.get(bucket.name);
    if (keys === undefined) {
      keys = [...bucket.objects.keys()].sort(compareUtf8);
      this.sortedKeysByBucket.set(bucket.name, keys);
    }
    return keys;
  }
}
