// The request pipeline: validate URI → authenticate → fault rules → route → decode payload → operation (under the models) → override seam.
import type { FaultDecider } from '../faults/decide.js';
import type { Method } from '../probes/probe-record.js';
import type { FaultAction } from '../scenario/scenario.js';
import { authenticate } from './authenticate.js';
import type { LocalS3Identity } from './identities.js';
import { canListBucket, DECIDED_BY, describeKey, findHiddenKeys, judgeRequestMethod, STRONG_CONSISTENCY, subjectKey, viewObject, type ConsistencyModel } from './models.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './operations/bucket.js';
import type { OperationContext, OperationHandler } from './operations/context.js';
import { deleteObjects } from './operations/delete-objects.js';
import { listObjectsV2 } from './operations/list-objects-v2.js';
import { answerObjectRead, deleteObject, prepareObjectRead, putObject } from './operations/object.js';
import { answerObjectAttributes } from './operations/object-attributes.js';
import { decodePayload } from './payload.js';
import { isImplemented, type ImplementedOperation } from './router.js';
import { accessDenied, injectedError, invalidUri, methodNotAllowed, notImplemented } from './s3-errors.js';
import type { S3Request } from './s3-request.js';
import { buildErrorResponse, type S3Response } from './s3-response.js';
import type { ObjectStore } from './store.js';

/** Reads and listings: answered only under the consistency and permission models (answerUnderModels). */
const MODELLED_OPERATIONS = ['GetObject', 'HeadObject', 'GetObjectAttributes', 'ListObjectsV2'] as const satisfies readonly ImplementedOperation[];
type ModelledOperation = (typeof MODELLED_OPERATIONS)[number];

/** Every other implemented operation: answered as the store stands. */
const OPERATION_HANDLERS: Record<Exclude<ImplementedOperation, ModelledOperation>, OperationHandler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
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
  const { operation } = request;
  const ruled = isModelled(operation)
    ? answerUnderModels(context, operation, deps.consistency ?? STRONG_CONSISTENCY)
    : denyWithoutListBucket(context) ?? { response: OPERATION_HANDLERS[operation](context), decidedBy: null };
  return { ...answer, response: ruled.response, decidedBy: answer.decidedBy ?? ruled.decidedBy };
}

function isModelled(operation: ImplementedOperation): operation is ModelledOperation {
  return (MODELLED_OPERATIONS as readonly string[]).includes(operation);
}

interface Ruled {
  response: S3Response;
  /** The model that decided the answer (DECIDED_BY); null = the store's plain state. */
  decidedBy: string | null;
}

/** 403 AccessDenied for a ListObjectsV2 or HeadBucket on an existing bucket by a caller without s3:ListBucket; null otherwise. */
function denyWithoutListBucket({ request, identity, store }: OperationContext): Ruled | null {
  if (!LIST_BUCKET_OPERATIONS.has(request.operation) || canListBucket(identity) || store.getBucket(request.bucket ?? '') === undefined) return null;
  return { response: accessDenied(request), decidedBy: DECIDED_BY.listBucket };
}

/** Reads and listings under the consistency and permission models. */
function answerUnderModels(context: OperationContext, operation: ModelledOperation, consistency: ConsistencyModel): Ruled {
  if (operation === 'ListObjectsV2') return denyWithoutListBucket(context) ?? listUnderModels(context, consistency);
  const { request, identity, store } = context;
  // judgeRequestMethod gives every GetObject, HeadObject and GetObjectAttributes request a probe Method (never put or other).
  const method = judgeRequestMethod(request) as Method;
  const mayList = canListBucket(identity);
  const bucket = prepareObjectRead(context);
  if (!('objects' in bucket)) return { response: bucket, decidedBy: null };
  const view = viewObject(store, bucket, request.key ?? '', method, context.handledAtMs, consistency);
  const deniedForListing = view.object === undefined && !mayList ? DECIDED_BY.listBucket : null;
  const response = operation === 'GetObjectAttributes'
    ? answerObjectAttributes(request, view.object, mayList)
    : answerObjectRead(request, view.object, mayList);
  return { response, decidedBy: view.shapedBy ?? deniedForListing };
}

/** ListObjectsV2 leaves out keys still invisible to list-prefix; stale-after-delete does not apply to listings. */
function listUnderModels(context: OperationContext, consistency: ConsistencyModel): Ruled {
  const bucket = context.store.getBucket(context.request.bucket ?? '');
  const prefix = subjectKey(context.request) ?? '';
  const hidden = bucket === undefined ? new Set<string>() : findHiddenKeys(bucket, prefix, context.handledAtMs, consistency);
  return { response: listObjectsV2(context, hidden), decidedBy: hidden.size > 0 ? DECIDED_BY.visibilityDelay : null };
}
