// Progress while a run is going: a bar on a TTY, a plain line every few seconds otherwise.
import cliProgress from 'cli-progress';
import type { RunProgress } from './run-plan.js';

export interface ProgressReporter {
  stop(): void;
}

export function startProgress(progress: RunProgress, stream: NodeJS.WriteStream, options: { intervalMs?: number; enabled?: boolean } = {}): ProgressReporter {
  if (options.enabled === false) return { stop() {} };
  if (stream.isTTY) return startBar(progress, stream);
  return startLines(progress, stream, options.intervalMs ?? 5000);
}

function startBar(progress: RunProgress, stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    { stream, format: 'probes {bar} {value}/{total} | 403s {forbidden} | uploads {uploads} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 200, fps: 10 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(progress.plannedProbes, 0, { forbidden: 0, uploads: 0 });
  const timer = setInterval(() => bar.update(progress.probesDone, payload(progress)), 100);
  return {
    stop() {
      clearInterval(timer);
      bar.update(progress.probesDone, payload(progress));
      bar.stop();
    },
  };
}

function startLines(progress: RunProgress, stream: NodeJS.WriteStream, intervalMs: number): ProgressReporter {
  const startedMs = Date.now();
  const timer = setInterval(() => stream.write(`${describeProgress(progress, Date.now() - startedMs)}\n`), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

function payload(progress: RunProgress): Record<string, number> {
  return { forbidden: progress.forbidden, uploads: progress.uploadsDone };
}

export function describeProgress(progress: RunProgress, elapsedMs: number): string {
  const { probesDone, plannedProbes, forbidden, uploadsDone } = progress;
  const rate = elapsedMs > 0 ? probesDone / (elapsedMs / 1000) : 0;
  const etaS = rate > 0 ? Math.max(0, (plannedProbes - probesDone) / rate) : NaN;
  const eta = Number.isFinite(etaS) ? `${Math.ceil(etaS)}s` : '?';
  return `progress: ${probesDone}/${plannedProbes} probes, ${forbidden} answered 403, ${uploadsDone} uploads, ETA ${eta}`;
}
