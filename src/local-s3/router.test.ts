import { describe, expect, it } from 'vitest';
import { isImplemented, resolveOperation } from './router.js';

describe('resolveOperation', () => {
  it.each([
    ['GET', null, null, {}, {}, 'ListBuckets'],
    ['PUT', 'b', null, {}, {}, 'CreateBucket'],
    ['GET', 'b', null, { 'list-type': '2', prefix: 'a' }, {}, 'ListObjectsV2'],
    ['GET', 'b', null, {}, {}, 'ListObjects'],
    ['POST', 'b', null, { delete: '' }, {}, 'DeleteObjects'],
    ['GET', 'b', 'k', { 'x-id': 'GetObject' }, {}, 'GetObject'],
    ['HEAD', 'b', 'k', {}, {}, 'HeadObject'],
    ['GET', 'b', 'k', { acl: '' }, {}, 'GetObjectAcl'],
    ['PUT', 'b', 'k', {}, { 'x-amz-copy-source': '/b/j' }, 'CopyObject'],
    ['POST', 'b', 'k', { uploads: '' }, {}, 'CreateMultipartUpload'],
    ['PATCH', 'b', 'k', {}, {}, 'unknown'],
  ])('%s bucket=%s key=%s %j → %s', (method, bucket, key, query, headers, operation) => {
    expect(resolveOperation(method, bucket, key, query, headers)).toBe(operation);
  });

  it('knows which operations it implements', () => {
    expect([isImplemented('HeadObject'), isImplemented('ListObjects'), isImplemented('unknown')]).toEqual([true, false, false]);
  });
});
