// GET probe: GetObject of the whole object, body drained and counted.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { countBodyBytes, type ProbeMethod } from './probe-method.js';

export const get: ProbeMethod = {
  method: 'get',
  async send({ s3, bucket, key, capture }) {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key });
    command.middlewareStack.use(capture);
    const output = await s3.send(command);
    return { bytes: await countBodyBytes(output.Body) };
  },
};
