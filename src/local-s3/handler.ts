// The request pipeline: validate URI → authenticate → fault rules → route → decode payload → operation (under the models) → override seam.
import type { FaultDecider } from '../faults/decide.js';
import type { FaultAction } from '../scenario/scenario.js';
import { authenticate } from './authenticate.js';
import type { LocalS3Identity } from './identities.js';
import { canListBucket, DECIDED_BY, describeKey, findHiddenKeys, judgeRequestMethod, STRONG_CONSISTENCY, subjectKey, viewObject, type ConsistencyModel } from './models.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './operations/bucket.js';
import type { OperationContext, OperationHandler } from './operations/context.js';
import { deleteObjects } from './operations/delete-objects.js';
import { listObjectsV2 } from './operations/list-objects-v2.js';
import { answerObjectRead, deleteObject, getObject, prepareObjectRead, putObject } from './operations/object.js';
import { answerObjectAttributes, getObjectAttributes } from './operations/object-attributes.js';
import { decodePayload } from './payload.js';
import { isImplemented, type ImplementedOperation } from './router.js';
import { accessDenied, injectedError, invalidUri, methodNotAllowed, notImplemented } from './s3-errors.js';
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
  GetObjectAttributes: getObjectAttributes,
  HeadObject: getObject,
  DeleteObject: deleteObject,
};

const S3_METHODS = new Set(['GET', 'HEAD', 'PUT', 'POST', 'DELETE']);
/** Operations S3 authorises with s3:ListBucket. */
const LIST_BUCKET_OPERATIONS = new Set(['ListObjectsV2', 'HeadBucket']);

/**
 * A last seam after faults and models: sees the parsed request and the answer the endpoint would give,
 * and returns the answer to send instead (or the same one). Not called when a fault sends no answer at all.
 */
export type ResponseOverride = (request: S3Request, defaultResponse: S3Response) => S3Response | Promise<S3Response>;

export interface PipelineDeps {
  store: ObjectStore;
  region: string;
  identitiesByAccessKey: ReadonlyMap<string, LocalS3Identity>;
  /** Seeded fault decisions for object requests (src/faults/decide.ts); absent = no faults. */
  faults?: FaultDecider;
  /** Default: strongly consistent. The store must keep deleted objects for `staleAfterDeleteMs`. */
  consistency?: ConsistencyModel;
  /** Server clock (epoch ms); default Date.now. */
  now?: () => number;
  /** Waits for a `delay-ms` fault; default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  overrideResponse?: ResponseOverride;
}

export interface Answer {
  /** The answer to send; null when a fault sends none at all (reset, stall). */
  response: S3Response | null;
  /** The access key the request claimed (masked when unknown); null when unauthenticated or unparseable. */
  accessKeyId: string | null;
  /** The fault rule (`faults[i]`) or model (`consistency.…`, `permission.list-bucket`) that decided the answer; null = normal. */
  decidedBy: string | null;
  /** Whether the request's key existed on the server when it arrived (true state); null without bucket and key. */
  keyExisted: boolean | null;
  /** Milliseconds since that key's PUT completed on the server, when it existed; else null. */
  msSincePut: number | null;
  /** The fault action to enact on the wire, if a rule fired. */
  faultAction: FaultAction['kind'] | null;
}

export async function answerRequest(request: S3Request, deps: PipelineDeps): Promise<Answer> {
  const answer = await computeAnswer(request, deps);
  if (deps.overrideResponse === undefined || answer.response === null) return answer;
  return { ...answer, response: await deps.overrideResponse(request, answer.response) };
}

const sleepWithTimer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function computeAnswer(request: S3Request, deps: PipelineDeps): Promise<Answer> {
  const plain = (response: S3Response, accessKeyId: string | null = null): Answer => ({
    response, accessKeyId, decidedBy: null, keyExisted: null, msSincePut: null, faultAction: null,
  });
  if (!request.uriValid) return plain(invalidUri(request));
  if (request.bodyTooLarge) {
    return plain(buildErrorResponse(request, { status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' }));
  }
  const auth = await authenticate(request, { identitiesByAccessKey: deps.identitiesByAccessKey, region: deps.region, nowMs: request.receivedAtMs });
  if (!auth.ok) return plain(auth.response, auth.accessKeyId);

  const now = deps.now ?? Date.now;
  const method = judgeRequestMethod(request);
  const key = describeKey(deps.store, request, request.receivedAtMs);
  let answer: Answer = {
    response: null, accessKeyId: auth.accessKeyId, decidedBy: null, keyExisted: key?.keyExists ?? null, msSincePut: key?.msSincePut ?? null, faultAction: null,
  };
  const fault = method === 'other' || key === null ? null : deps.faults?.decide({ method, key: subjectKey(request) ?? '', ...key }) ?? null;
  if (fault !== null) {
    answer = { ...answer, decidedBy: fault.rule, faultAction: fault.action.kind };
    const { action } = fault;
    if (action.kind === 'status') return { ...answer, response: injectedError(request, { ...action, rule: fault.rule }) };
    if (action.kind === 'reset' || action.kind === 'stall') return answer;
    if (action.kind === 'delay') await (deps.sleep ?? sleepWithTimer)(action.delayMs);
  }

  if (!S3_METHODS.has(request.method)) {
    return { ...answer, response: methodNotAllowed(request, request.method, request.key === null ? 'BUCKET' : 'OBJECT') };
  }
  if (!isImplemented(request.operation)) return { ...answer, response: notImplemented(request) };
  const decoded = decodePayload(request);
  if (!decoded.ok) return { ...answer, response: buildErrorResponse(request, decoded.error) };
  const context: OperationContext = {
    request, payload: decoded.payload, identity: auth.identity, store: deps.store, region: deps.region, nowMs: request.receivedAtMs, handledAtMs: now(),
  };
  const modelled = answerUnderModels(context, deps.consistency ?? STRONG_CONSISTENCY);
  if (modelled !== null) return { ...answer, response: modelled.response, decidedBy: answer.decidedBy ?? modelled.decidedBy };
  return { ...answer, response: OPERATION_HANDLERS[request.operation](context) };
}

/** Reads and listings under the consistency and permission models; null for operations the models do not touch. */
function answerUnderModels(context: OperationContext, consistency: ConsistencyModel): { response: S3Response; decidedBy: string | null } | null {
  const { request, identity, store } = context;
  const mayList = canListBucket(identity);
  if (LIST_BUCKET_OPERATIONS.has(request.operation) && !mayList && store.getBucket(request.bucket ?? '') !== undefined) {
    return { response: accessDenied(request), decidedBy: DECIDED_BY.listBucket };
  }
  const method = judgeRequestMethod(request);
  if (method === 'list-prefix') return listUnderModels(context, consistency);
  if (method === 'put' || method === 'other') return null;
  const bucket = prepareObjectRead(context);
  if (!('objects' in bucket)) return { response: bucket, decidedBy: null };
  const view = viewObject(store, bucket, request.key ?? '', method, context.handledAtMs, consistency);
  const deniedForListing = view.object === undefined && !mayList ? DECIDED_BY.listBucket : null;
  const response = method === 'get-object-attributes'
    ? answerObjectAttributes(request, view.object, mayList)
    : answerObjectRead(request, view.object, mayList);
  return { response, decidedBy: view.shapedBy ?? deniedForListing };
}

/** ListObjectsV2 leaves out keys still invisible to list-prefix; stale-after-delete does not apply to listings. */
function listUnderModels(context: OperationContext, consistency: ConsistencyModel): { response: S3Response; decidedBy: string | null } {
  const bucket = context.store.getBucket(context.request.bucket ?? '');
  const prefix = subjectKey(context.request) ?? '';
  const hidden = bucket === undefined ? new Set<string>() : findHiddenKeys(bucket, prefix, context.handledAtMs, consistency);
  return { response: listObjectsV2(context, hidden), decidedBy: hidden.size > 0 ? DECIDED_BY.visibilityDelay : null };
}
