// Time to credential expiry as the summary buckets it: how long the identity that signed an attempt had left to live.

/** The SDK (and CredentialCache) refresh credentials this long before they expire. */
export const SDK_REFRESH_MARGIN_MS = 5 * 60_000;

/** Attempts signed by static keys, which do not expire. */
export const NO_EXPIRY = 'no expiry';
/** Attempts signed by temporary credentials whose expiry the provider did not say (e.g. AWS_SESSION_TOKEN without AWS_CREDENTIAL_EXPIRATION). */
export const EXPIRY_NOT_KNOWN = 'temporary, expiry unknown';
/** Attempts that recorded no credential facts (rows before schema v4 on the SDK path, probes that never reached the wire). */
export const UNKNOWN_EXPIRY = 'unknown';

/** Buckets in order: the first whose `belowMs` exceeds `expires_at − started_at` names the attempt. */
export const CREDENTIAL_EXPIRY_BUCKETS: ReadonlyArray<{ label: string; belowMs: number }> = [
  { label: 'expired', belowMs: 0 },
  { label: '<5 min', belowMs: SDK_REFRESH_MARGIN_MS },
  { label: '5-15 min', belowMs: 15 * 60_000 },
  { label: '15-60 min', belowMs: 60 * 60_000 },
  { label: '>60 min', belowMs: Number.POSITIVE_INFINITY },
];

/** Every label, in display order. */
export const CREDENTIAL_EXPIRY_LABELS: readonly string[] = [...CREDENTIAL_EXPIRY_BUCKETS.map((bucket) => bucket.label), EXPIRY_NOT_KNOWN, NO_EXPIRY, UNKNOWN_EXPIRY];

/** The bucket of an attempt started at `startedAtMs` and signed by credentials of `credentialKind` expiring at `expiresAtMs`. */
export function credentialExpiryBucket(credentialKind: string | null, expiresAtMs: number | null, startedAtMs: number): string {
  return credentialExpiryBucketOf(credentialKind, expiresAtMs === null ? null : expiresAtMs - startedAtMs);
}

/** The bucket of an attempt whose signing identity (of `credentialKind`) had `leftMs` to live; null = no expiry known. */
export function credentialExpiryBucketOf(credentialKind: string | null, leftMs: number | null): string {
  if (credentialKind === null) return UNKNOWN_EXPIRY;
  // Temporary credentials always expire: an unknown expiry must not pass for static keys (it would rule rotation out).
  if (leftMs === null) return credentialKind === 'temporary' ? EXPIRY_NOT_KNOWN : NO_EXPIRY;
  // A loop, not find(): this runs once per probe row in the summary's pass.
  for (const bucket of CREDENTIAL_EXPIRY_BUCKETS) if (leftMs < bucket.belowMs) return bucket.label;
  return CREDENTIAL_EXPIRY_BUCKETS[CREDENTIAL_EXPIRY_BUCKETS.length - 1].label;
}
