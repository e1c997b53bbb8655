// The request and cost budget of a `target: s3` run: refused up front when the plan exceeds it, stopped when reached.
import { HarnessError } from './errors.js';
import type { RequestEstimate } from './scenario/estimate.js';

/** Defaults of `--max-requests` and `--max-cost-usd`: a run needs an explicit flag to go beyond them. */
export const DEFAULT_MAX_REQUESTS = 100_000;
export const DEFAULT_MAX_COST_USD = 1.0;

export interface Budget {
  maxRequests: number;
  maxCostUsd: number;
}

/** Throws HarnessError E_USAGE (exit 2) naming the flag and the planned figure when the plan exceeds the budget. */
export function checkPlanWithinBudget(estimate: RequestEstimate, budget: Budget): void {
  if (estimate.total > budget.maxRequests) {
    throw new HarnessError(
      'E_USAGE',
      `--max-requests: the plan sends ${estimate.total} requests, above the budget of ${budget.maxRequests}. ` +
        `Raise it explicitly (--max-requests ${estimate.total}) or plan fewer (--objects).`,
    );
  }
  if (estimate.costUsd > budget.maxCostUsd) {
    throw new HarnessError(
      'E_USAGE',
      `--max-cost-usd: the plan is estimated at $${estimate.costUsd.toFixed(4)}, above the budget of $${budget.maxCostUsd}. ` +
        `Raise it explicitly (--max-cost-usd ${Math.ceil(estimate.costUsd * 100) / 100}) or plan fewer (--objects).`,
    );
  }
}

/** Counts requests as their records arrive (uploads, probe attempts incl. retries, follow-ups) and calls `onReached` once. */
export class RequestBudget {
  private used = 0;
  private reached = false;

  constructor(
    private readonly maxRequests: number,
    private readonly onReached: () => void,
  ) {}

  get requestsUsed(): number {
    return this.used;
  }

  get exhausted(): boolean {
    return this.reached;
  }

  count(requests: number): void {
    this.used += requests;
    if (!this.reached && this.used >= this.maxRequests) {
      this.reached = true;
      this.onReached();
    }
  }
}
