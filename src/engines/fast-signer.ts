// SignatureV4 formatting its date strings once per second instead of on every request; the signing is the SDK's.
import { SignatureV4 } from '@smithy/signature-v4';
import type { DateInput } from '@smithy/types';

export class FastSignatureV4 extends SignatureV4 {
  private formattedSecond = NaN;
  private formatted = { longDate: '', shortDate: '' };

  protected override formatDate(now: DateInput): { longDate: string; shortDate: string } {
    const second = Math.floor(toEpochMs(now) / 1000);
    if (second !== this.formattedSecond) {
      this.formatted = super.formatDate(now);
      this.formattedSecond = second;
    }
    return this.formatted;
  }
}

function toEpochMs(time: DateInput): number {
  if (time instanceof Date) return time.getTime();
  return typeof time === 'number' ? time * 1000 : new Date(Number(time) ? Number(time) * 1000 : time).getTime();
}
