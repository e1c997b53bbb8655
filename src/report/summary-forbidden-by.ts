// The "where do the 403s cluster" lines both tabular summary renderers print: 403s of planned probes by server IP, socket age and time to credential expiry.
import { CREDENTIAL_EXPIRY_LABELS } from '../summary/credential-expiry.js';
import type { Summary } from '../summary/summarise.js';

/** Server IPs listed before "+N more". */
const MAX_LISTED_ADDRESSES = 4;
const SOCKET_AGE_ORDER = ['1', '2-10', '11-100', '>100', 'unknown'];

/**
 * One line per breakdown, each key as `403s/probes (rate)`: "403s by server IP: 10.0.0.7 30/120 (25.0%), 10.0.0.9 0/118 (0.0%)".
 * Nothing when no planned probe answered 403 (there is no cluster to look for).
 */
export function describeForbiddenBy(summary: Summary): string[] {
  const { forbiddenBy } = summary;
  const total = Object.values(forbiddenBy.remoteAddress).reduce((sum, count) => sum + count, 0);
  if (total === 0) return [];
  const addresses = keysOf(forbiddenBy.probes.remoteAddress, forbiddenBy.remoteAddress).sort(
    (a, b) => (forbiddenBy.remoteAddress[b] ?? 0) - (forbiddenBy.remoteAddress[a] ?? 0) || a.localeCompare(b),
  );
  const listed = addresses.slice(0, MAX_LISTED_ADDRESSES).map((key) => describeKey(key, forbiddenBy.remoteAddress, forbiddenBy.probes.remoteAddress));
  const more = addresses.length > MAX_LISTED_ADDRESSES ? `, +${addresses.length - MAX_LISTED_ADDRESSES} more` : '';
  return [
    `403s by server IP: ${listed.join(', ')}${more}`,
    `403s by socket age (requests on the socket): ${describeOrdered(SOCKET_AGE_ORDER, forbiddenBy.socketRequests, forbiddenBy.probes.socketRequests)}`,
    `403s by time to credential expiry: ${describeOrdered(CREDENTIAL_EXPIRY_LABELS, forbiddenBy.credentialExpiry, forbiddenBy.probes.credentialExpiry)}`,
  ];
}

function keysOf(...maps: Array<Record<string, number>>): string[] {
  return [...new Set(maps.flatMap((map) => Object.keys(map)))];
}

/** Keys in `order` first, then any other key by name; only keys that had probes (or 403s). */
function describeOrdered(order: readonly string[], forbidden: Record<string, number>, probes: Record<string, number>): string {
  const keys = keysOf(probes, forbidden);
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return keys.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((key) => describeKey(key, forbidden, probes)).join(', ');
}

function describeKey(key: string, forbidden: Record<string, number>, probes: Record<string, number>): string {
  const hits = forbidden[key] ?? 0;
  const trials = probes[key];
  if (trials === undefined || trials === 0) return `${key} ${hits} 403`;
  return `${key} ${hits}/${trials} (${((hits / trials) * 100).toFixed(1)}%)`;
}
