// SIGINT/SIGTERM during a run: stop firing, give in-flight probes a bounded time to finish, remember which signal came.

export interface Interruption {
  readonly signal: 'SIGINT' | 'SIGTERM' | null;
  /** Never resolves until a signal arrives; then resolves after `boundMs`, so a stuck request cannot hold the run. */
  drained(boundMs: number): Promise<void>;
  dispose(): void;
}

export function watchSignals(stop: () => void): Interruption {
  let signal: Interruption['signal'] = null;
  let wake: (() => void) | null = null;
  function onSignal(received: NodeJS.Signals): void {
    if (signal) return;
    signal = received === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
    stop();
    wake?.();
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get signal() {
      return signal;
    },
    drained: (boundMs) =>
      new Promise<void>((resolve) => {
        wake = () => setTimeout(resolve, boundMs).unref();
      }),
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
