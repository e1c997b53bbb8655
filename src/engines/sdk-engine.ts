// The AWS SDK path (runProbe and its per-attempt capture middleware) behind the ProbeEngine seam.
import { runProbe, type ProbeContext } from '../probes/run-probe.js';
import type { ProbeEngine } from './engine.js';

/** Wraps runProbe. The client in `context` stays the caller's: `destroy` only calls `onDestroy` (e.g. the client's destroy). */
export function sdkEngine(context: ProbeContext, onDestroy: () => void = () => {}): ProbeEngine {
  return {
    name: 'sdk',
    probe: (order) => runProbe(context, order),
    destroy: onDestroy,
  };
}
