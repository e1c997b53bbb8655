// A canned-response S3 stand-in for the engines benchmark: a bare `net` server writing fixed HTTP/1.1 answers. Runs in its own process.
import { createServer, type Socket } from 'node:net';

// Answers HEAD/GET (200, or 206 with a Range header) with a one-byte object, each with its own request id pair and a
// Date; anything with a Content-Length body is read past and answered 200. No SigV4 check: it measures the client.
const HEADER_END = '\r\n\r\n';
let counter = 0;
let dateHeader = new Date().toUTCString();
setInterval(() => (dateHeader = new Date().toUTCString()), 250).unref();

function answer(head: string): string {
  counter++;
  const isHead = head.startsWith('HEAD ');
  const lower = head.toLowerCase();
  const ranged = lower.includes('\r\nrange:');
  const close = lower.includes('\r\nconnection: close');
  const id = counter.toString(16).toUpperCase().padStart(16, '0');
  const status = ranged ? '206 Partial Content' : '200 OK';
  return (
    `HTTP/1.1 ${status}\r\nx-amz-request-id: ${id}\r\nx-amz-id-2: canned/${id}=\r\nDate: ${dateHeader}\r\n` +
    `ETag: "0cc175b9c0f1b6a831c399e269772661"\r\nAccept-Ranges: bytes\r\n` +
    (ranged ? 'Content-Range: bytes 0-0/1\r\n' : '') +
    `Content-Type: binary/octet-stream\r\nContent-Length: 1\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\n\r\n` +
    (isHead ? '' : 'a')
  );
}

function serve(socket: Socket): void {
  let pending = '';
  let skipBytes = 0;
  socket.setNoDelay(true);
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let out = '';
    let close = false;
    for (;;) {
      if (skipBytes > 0) {
        const skipped = Math.min(skipBytes, pending.length);
        pending = pending.slice(skipped);
        skipBytes -= skipped;
        if (skipBytes > 0) break;
      }
      const end = pending.indexOf(HEADER_END);
      if (end < 0) break;
      const head = pending.slice(0, end);
      pending = pending.slice(end + HEADER_END.length);
      skipBytes = contentLength(head);
      out += answer(head);
      if (/\r\nconnection: close/i.test(head)) {
        close = true;
        break;
      }
    }
    if (out !== '') socket.write(out, 'latin1');
    if (close) socket.end();
  });
  socket.on('error', () => socket.destroy());
}

function contentLength(head: string): number {
  const match = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  return match ? Number(match[1]) : 0;
}

const server = createServer(serve);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ port });
});
process.on('disconnect', () => process.exit(0));
