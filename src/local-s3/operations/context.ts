// What every operation handler receives, and the handler signature (request in, S3Response out, no I/O).
import type { LocalS3Identity } from '../identities.js';
import type { DecodedPayload } from '../payload.js';
import type { S3Request } from '../s3-request.js';
import type { S3Response } from '../s3-response.js';
import type { ObjectStore } from '../store.js';

export interface OperationContext {
  request: S3Request;
  payload: DecodedPayload;
  identity: LocalS3Identity;
  store: ObjectStore;
  region: string;
  /** The server clock when the request arrived. */
  nowMs: number;
  /** The server clock when the operation runs (after the body arrived, and after any injected delay): a PUT completes here. */
  handledAtMs: number;
}

export type OperationHandler = (context: OperationContext) => S3Response;
