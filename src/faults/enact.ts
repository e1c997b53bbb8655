// Enacts the wire-level fault actions on a live HTTP exchange: reset before any header, stall, truncated body.
import type { ServerResponse } from 'node:http';

/** Closes the connection with a TCP reset before any byte of the answer: the client sees ECONNRESET. */
export function resetConnection(outgoing: ServerResponse): void {
  const socket = outgoing.socket;
  if (socket !== null && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else outgoing.destroy();
}

/**
 * Never answers: the connection stays open until the client gives up (its request timeout) or the server closes.
 * The socket's idle timeout is switched off, so nothing on this side ends the wait early.
 */
export function stallConnection(outgoing: ServerResponse): void {
  outgoing.socket?.setTimeout(0);
}

/**
 * Sends the status line and headers (with the full Content-Length) and the first half of the body, then closes the
 * connection once those bytes are written: the client sees a body cut short. An answer without body bytes (HEAD, an
 * empty object) has nothing to cut: it arrives whole and the connection closes after it.
 */
export function writeTruncated(outgoing: ServerResponse, status: number, headers: Record<string, string>, body: Buffer | null): void {
  outgoing.writeHead(status, headers);
  outgoing.flushHeaders();
  const half = body === null ? Buffer.alloc(0) : body.subarray(0, Math.floor(body.length / 2));
  const socket = outgoing.socket;
  if (half.length > 0) socket?.write(half);
  // end() flushes what was written, then closes our side; destroySoon would do the same without the FIN guarantee.
  socket?.end();
}
