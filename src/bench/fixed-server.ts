// A fixed-response S3 stand-in for benchmarks: answers every request at once, verifies nothing. Runs in its own process.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';

let counter = 0;

function requestIds(): Record<string, string> {
  counter++;
  return {
    'x-amz-request-id': counter.toString(16).toUpperCase().padStart(16, '0'),
    'x-amz-id-2': randomBytes(12).toString('base64'),
    date: new Date().toUTCString(),
  };
}

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const headers: Record<string, string> = { ...requestIds(), etag: '"0cc175b9c0f1b6a831c399e269772661"', 'accept-ranges': 'bytes' };
    if (req.method === 'PUT') {
      res.writeHead(200, { ...headers, 'content-length': '0' }).end();
    } else if (req.method === 'POST') {
      const body = '<?xml version="1.0" encoding="UTF-8"?><DeleteResult></DeleteResult>';
      res.writeHead(200, { ...headers, 'content-type': 'application/xml', 'content-length': String(body.length) }).end(body);
    } else if (req.headers.range) {
      res.writeHead(206, { ...headers, 'content-range': 'bytes 0-0/1', 'content-length': '1' }).end(req.method === 'HEAD' ? undefined : 'a');
    } else {
      res.writeHead(200, { ...headers, 'content-length': '1', 'content-type': 'binary/octet-stream' }).end(req.method === 'HEAD' ? undefined : 'a');
    }
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ port });
});
process.on('disconnect', () => process.exit(0));
