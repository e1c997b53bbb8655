// Ranged GET probe: GetObject with `Range: bytes=0-0`; 206 and 416 (zero-byte object) both mean "exists".
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { countBodyBytes, type ProbeMethod } from './probe-method.js';

export const RANGE_FIRST_BYTE = 'bytes=0-0';

export const rangedGet: ProbeMethod = {
  method: 'ranged-get',
  async send({ s3, bucket, key, capture }) {
    const command = new GetObjectCommand({ Bucket: bucket, Key: key, Range: RANGE_FIRST_BYTE });
    command.middlewareStack.use(capture);
    const output = await s3.send(command);
    return { bytes: await countBodyBytes(output.Body) };
  },
};
