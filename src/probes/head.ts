// HEAD probe: HeadObject. Errors carry no body, so a 403 here says nothing about why.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { ProbeMethod } from './probe-method.js';

export const head: ProbeMethod = {
  method: 'head',
  async send({ s3, bucket, key, capture }) {
    const command = new HeadObjectCommand({ Bucket: bucket, Key: key });
    command.middlewareStack.use(capture);
    await s3.send(command);
    return { bytes: null };
  },
};
