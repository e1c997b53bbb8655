// The request pipeline: validate URI → authenticate → route → decode payload → operation → override seam.
import { authenticate } from './authenticate.js';
import type { LocalS3Identity } from './identities.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './operations/bucket.js';
import type { OperationHandler } from './operations/context.js';
import { deleteObjects } from './operations/delete-objects.js';
import { listObjectsV2 } from './operations/list-objects-v2.js';
import { deleteObject, getObject, putObject } from './operations/object.js';
import { decodePayload } from './payload.js';
import { isImplemented, type ImplementedOperation } from './router.js';
import { invalidUri, methodNotAllowed, notImplemented } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { buildErrorResponse, type S3Response } from './s3-response.js';
import type { ObjectStore } from './store.js';

const OPERATION_HANDLERS: Record<ImplementedOperation, OperationHandler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjectsV2: listObjectsV2,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  GetObject: getObject,
  HeadObject: getObject,
  DeleteObject: deleteObject,
};

const S3_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);

/**
 * The seam for a later fault/consistency layer: sees the parsed request and the answer the endpoint would give,
 * and returns the answer to send instead (or the same one).
 */
export type ResponseOverride = (request: S3Request, defaultResponse: S3Response) => S3Response | Promise<S3Response>;

export interface PipelineDeps {
  store: ObjectStore;
  region: string;
  identitiesByAccessKey: ReadonlyMap<string, LocalS3Identity>;
  overrideResponse?: ResponseOverride;
}

export interface Answer {
  response: S3Response;
  /** The access key the request claimed (masked when unknown); null when unauthenticated or unparseable. */
  accessKeyId: string | null;
}

export async function answerRequest(request: S3Request, deps: PipelineDeps): Promise<Answer> {
  const answer = await computeDefaultAnswer(request, deps);
  if (deps.overrideResponse === undefined) return answer;
  return { ...answer, response: await deps.overrideResponse(request, answer.response) };
}

async function computeDefaultAnswer(request: S3Request, deps: PipelineDeps): Promise<Answer> {
  if (!request.uriValid) return { response: invalidUri(request), accessKeyId: null };
  if (request.bodyTooLarge) {
    const spec = { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
    return { response: buildErrorResponse(request, spec), accessKeyId: null };
  }
  const auth = await authenticate(request, {
    identitiesByAccessKey: deps.identitiesByAccessKey,
    region: deps.region,
    nowMs: request.receivedAtMs,
  });
  if (!auth.ok) return { response: auth.response, accessKeyId: auth.accessKeyId };
  const respond = (response: S3Response): Answer => ({ response, accessKeyId: auth.accessKeyId });

  if (!S3_METHODS.has(request.method)) {
    return respond(methodNotAllowed(request, request.method, request.key === null ? 'BUCKET' : 'OBJECT'));
  }
  if (!isImplemented(request.operation)) return respond(notImplemented(request));
  const decoded = decodePayload(request);
  if (!decoded.ok) return respond(buildErrorResponse(request, decoded.error));
  const handle = OPERATION_HANDLERS[request.operation];
  return respond(
    handle({ request, payload: decoded.payload, identity: auth.identity, store: deps.store, region: deps.region, nowMs: request.receivedAtMs }),
  );
}
