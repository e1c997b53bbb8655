// CPU use of this process and of a child (from /proc, Linux only) over a stretch of wall time, for bench output.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const CLOCK_TICKS_PER_S = 100;

export interface CpuReading {
  /** CPU time this process (all its threads) used, ms. */
  clientCpuMs: number;
  /** The same, percent of one core. */
  clientPercent: number;
  /** The other process, percent of one core; null where /proc is not readable. */
  serverPercent: number | null;
}

export function measureCpu(serverPid: number): { finish(): CpuReading } {
  const startedMs = performance.now();
  const client = process.cpuUsage();
  const serverMs = readProcessCpuMs(serverPid);
  return {
    finish() {
      const wallMs = performance.now() - startedMs;
      const used = process.cpuUsage(client);
      const serverNowMs = readProcessCpuMs(serverPid);
      const clientCpuMs = (used.user + used.system) / 1000;
      return {
        clientCpuMs,
        clientPercent: Math.round((clientCpuMs / wallMs) * 100),
        serverPercent: serverMs === null || serverNowMs === null ? null : Math.round(((serverNowMs - serverMs) / wallMs) * 100),
      };
    },
  };
}

function readProcessCpuMs(pid: number): number | null {
  try {
    // Fields after the command name: state is [0], utime [11], stime [12], in clock ticks.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S) * 1000;
  } catch {
    return null;
  }
}
