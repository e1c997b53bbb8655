// Before any upload: does the endpoint answer and accept these credentials for this bucket (HeadBucket)?
import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { HarnessError } from '../errors.js';

export async function preflight(s3: S3Client, bucket: string, where: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = e.$metadata?.httpStatusCode;
    const hint =
      status === 403 ? 'the credentials were refused or lack s3:ListBucket on the bucket; check AWS_PROFILE / --profile and the IAM policy in the README'
      : status === 404 ? 'the bucket does not exist; create it or pass --bucket'
      : status === 301 || status === 400 ? 'the bucket is probably in another region; pass --region'
      : e.name === 'CredentialsProviderError' ? 'no credentials were found; set AWS_PROFILE, pass --profile or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY'
      : 'the endpoint did not answer; check --endpoint and the network';
    const got = status ? `HTTP ${status}` : `${e.name ?? 'error'}: ${e.message ?? ''}`.trim();
    throw new HarnessError(status ? 'E_CREDENTIALS' : 'E_ENDPOINT', `preflight HeadBucket on "${bucket}" at ${where} failed (${got}): ${hint}.`, { cause: error });
  }
}
