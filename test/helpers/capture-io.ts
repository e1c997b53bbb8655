// A CommandIo whose output is kept in strings, for calling command functions in-process.
import { Writable } from 'node:stream';
import type { CommandIo } from '../../src/commands/io.js';

export interface CapturedIo extends CommandIo {
  readonly stdoutText: string;
  readonly stderrText: string;
}

export function captureIo(): CapturedIo {
  let out = '';
  let err = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    }) as unknown as NodeJS.WriteStream;
  return {
    stdout: sink((text) => (out += text)),
    stderr: sink((text) => (err += text)),
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    get stdoutText() {
      return out;
    },
    get stderrText() {
      return err;
    },
  };
}
