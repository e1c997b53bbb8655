// The in-memory bucket and object store: plain data, no HTTP, no clock of its own.
import { compareUtf8 } from './list-objects.js';

export interface StoredObject {
  key: string;
  data: Buffer;
  /** Quoted MD5 hex, as S3 returns it for single-part uploads. */
  etag: string;
  /** Whole seconds, as S3 keeps it. */
  lastModifiedMs: number;
  /** When the PUT that stored it completed on the server (ms, not rounded): consistency models and fault windows count from here. */
  storedAtMs: number;
  contentType: string;
  /** `x-amz-meta-*` headers as received (lower-cased names). */
  metadata: Record<string, string>;
  /** Verified flexible checksums by header name, e.g. `{ 'x-amz-checksum-crc32': 'DUoRhQ==' }`. */
  checksums: Record<string, string>;
}

/** A deleted object, kept for the stale-after-delete model. */
export interface DeletedObject {
  object: StoredObject;
  deletedAtMs: number;
}

export interface StoredBucket {
  name: string;
  /** Identity name of the creator. */
  owner: string;
  createdAtMs: number;
  objects: Map<string, StoredObject>;
  /** Recently deleted objects by key (only when the store keeps them), until a PUT of the same key. */
  deleted: Map<string, DeletedObject>;
}

export type CreateBucketOutcome = 'created' | 'owned-by-you' | 'owned-by-someone-else';
export type DeleteBucketOutcome = 'deleted' | 'missing' | 'not-empty';

export interface ObjectStoreOptions {
  /** How long a deleted object stays readable by findDeleted (0 = not kept). */
  keepDeletedMs?: number;
}

export class ObjectStore {
  private readonly buckets = new Map<string, StoredBucket>();
  private readonly sortedKeysByBucket = new Map<string, string[]>();
  private readonly keepDeletedMs: number;

  constructor(options: ObjectStoreOptions = {}) {
    this.keepDeletedMs = options.keepDeletedMs ?? 0;
  }

  createBucket(name: string, owner: string, nowMs: number): CreateBucketOutcome {
    const existing = this.buckets.get(name);
    if (existing !== undefined) return existing.owner === owner ? 'owned-by-you' : 'owned-by-someone-else';
    this.buckets.set(name, { name, owner, createdAtMs: nowMs, objects: new Map(), deleted: new Map() });
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
    bucket.deleted.delete(object.key);
  }

  deleteObject(bucket: StoredBucket, key: string, nowMs: number): void {
    const object = bucket.objects.get(key);
    if (object === undefined) return;
    bucket.objects.delete(key);
    this.sortedKeysByBucket.delete(bucket.name);
    if (this.keepDeletedMs === 0) return;
    bucket.deleted.set(key, { object, deletedAtMs: nowMs });
    // Oldest first (a key is re-inserted only after a PUT removed it): forget the expired ones so memory stays bounded.
    for (const [oldKey, old] of bucket.deleted) {
      if (nowMs - old.deletedAtMs < this.keepDeletedMs) break;
      bucket.deleted.delete(oldKey);
    }
  }

  /** The object deleted under `key` less than keepDeletedMs before `nowMs`, if any; older ones are forgotten here. */
  findDeleted(bucket: StoredBucket, key: string, nowMs: number): DeletedObject | undefined {
    const deleted = bucket.deleted.get(key);
    if (deleted === undefined) return undefined;
    if (nowMs - deleted.deletedAtMs < this.keepDeletedMs) return deleted;
    bucket.deleted.delete(key);
    return undefined;
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
