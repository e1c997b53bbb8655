// Starts a benchmark endpoint script (fixed-server.js, canned-server.js) in a child process and waits for its port.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ForkedServer {
  endpoint: string;
  /** The child's process id, e.g. to read its CPU time. */
  pid: number;
  stop(): void;
}

/** `script` is resolved next to this module (`./canned-server.js`). The child reports `{ port }` over IPC. */
export async function forkServer(script: string): Promise<ForkedServer> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`benchmark server ${script} exited with code ${code} before listening`)));
  });
  return { endpoint: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => child.kill() };
}
