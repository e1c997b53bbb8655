// A local HTTP server scripted per request (status, headers, body, reset, stall), for testing what the capture records.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptStep =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { reset: true }
  | { stall: true };

export interface ScriptedServer {
  endpoint: string;
  /** Requests seen, in order: method, url and headers. */
  requests: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

let sequence = 0;

/** Answers request N with steps[N] (the last step repeats). Every answer carries S3-style request IDs and a Date. */
export async function startScriptedServer(steps: ScriptStep[]): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const step = steps[Math.min(requests.length, steps.length - 1)];
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      if ('reset' in step) return void req.socket.destroy();
      if ('stall' in step) return;
      sequence++;
      const body = req.method === 'HEAD' ? '' : step.body ?? '';
      res.writeHead(step.status, {
        'x-amz-request-id': `SCRIPTED${String(sequence).padStart(8, '0')}`,
        'x-amz-id-2': `scripted-id-2-${sequence}`,
        date: new Date().toUTCString(),
        'content-length': String(Buffer.byteLength(body)),
        ...step.headers,
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export function s3ErrorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>SCRIPTED</RequestId><HostId>scripted</HostId></Error>`;
}
