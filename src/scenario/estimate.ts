// Request counts and an AWS cost estimate for a plan (pure): what a run will send, priced at us-east-1 S3 Standard.
import type { Plan } from './plan.js';
import type { Scenario } from './scenario.js';

export interface RequestEstimate {
  /** PutObject, one per object. */
  put: number;
  /** HeadObject probes (head, head-if-match) plus the preflight HeadBucket. */
  head: number;
  /** GetObject probes, ranged or not, and GetObjectAttributes probes (GET tier). */
  get: number;
  /** ListObjectsV2 of list-prefix probes (LIST is priced at the PUT tier); cleanup lists nothing, it deletes the keys it created by name. */
  list: number;
  /** DeleteObjects requests (1,000 keys each) when cleanup is on. */
  delete: number;
  total: number;
  costUsd: number;
  /** At most one follow-up ranged GET per HEAD probe (`follow-up.on-head-403: ranged-get`), fired only when HEAD answers 403. */
  followUpGetUpperBound: number;
  /** The follow-ups fired and every request attempted `sdk.max-attempts` times (the SDK retries 5xx, throttling and timeouts; never a 403/404). */
  totalUpperBound: number;
  costUsdUpperBound: number;
  pricing: string;
}

/** USD per 1,000 requests, us-east-1 S3 Standard. */
export const PRICE_PER_1000_USD = { putTier: 0.005, getTier: 0.0004 } as const;
const DELETE_BATCH_KEYS = 1000;
const PREFLIGHT_HEAD_BUCKET = 1;

const PRICING =
  'us-east-1 S3 Standard: $0.005/1k PUT/COPY/POST/LIST, $0.0004/1k GET/HEAD and others; DELETE free ' +
  '(DeleteObjects is a POST, so it is priced at the PUT/POST tier here, conservatively); 4xx responses are billed too';

export function estimateRequests(scenario: Scenario, plan: Plan): RequestEstimate {
  const { probesByMethod, uploads, objects } = plan.counts;
  const put = uploads;
  const head = probesByMethod.head + probesByMethod['head-if-match'] + PREFLIGHT_HEAD_BUCKET;
  const get = probesByMethod['ranged-get'] + probesByMethod.get + probesByMethod['get-object-attributes'];
  const list = probesByMethod['list-prefix'];
  const deleteRequests = scenario.cleanup ? Math.ceil(objects / DELETE_BATCH_KEYS) : 0;
  const total = put + head + get + list + deleteRequests;
  const costUsd = ((put + list + deleteRequests) * PRICE_PER_1000_USD.putTier + (head + get) * PRICE_PER_1000_USD.getTier) / 1000;
  const attempts = scenario.sdk.maxAttempts;
  const followUpGetUpperBound = scenario.followUp.onHead403 === 'ranged-get' ? probesByMethod.head : 0;
  const followUpCostUsd = (followUpGetUpperBound * PRICE_PER_1000_USD.getTier) / 1000;
  return {
    put, head, get, list, delete: deleteRequests, total, costUsd, followUpGetUpperBound,
    totalUpperBound: (total + followUpGetUpperBound) * attempts, costUsdUpperBound: (costUsd + followUpCostUsd) * attempts, pricing: PRICING,
  };
}
