// GetObjectAttributes probe: `GET /key?attributes` asking for ETag and ObjectSize; metadata like HEAD, but errors carry an XML body.
import { GetObjectAttributesCommand } from '@aws-sdk/client-s3';
import type { ProbeMethod } from './probe-method.js';

/** Sent as `x-amz-object-attributes: ETag,ObjectSize`. */
export const OBJECT_ATTRIBUTES = ['ETag', 'ObjectSize'] as const;

export const getObjectAttributes: ProbeMethod = {
  method: 'get-object-attributes',
  async send({ s3, bucket, key, capture }) {
    const command = new GetObjectAttributesCommand({ Bucket: bucket, Key: key, ObjectAttributes: [...OBJECT_ATTRIBUTES] });
    command.middlewareStack.use(capture);
    await s3.send(command);
    return { bytes: null };
  },
};
