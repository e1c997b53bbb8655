import { describe, expect, it } from 'vitest';
import { describeClock, formatCount, formatPValue, formatStatus, listStatusColumns } from './report-cells.js';
import type { MethodRow } from './report-model.js';

describe('report cells', () => {
  it('formats p-values by size', () => {
    expect(formatPValue(1)).toBe('p = 1');
    expect(formatPValue(0.03112)).toBe('p = 0.031');
    expect(formatPValue(0.0016734)).toBe('p = 0.0017');
    expect(formatPValue(0.00042)).toBe('p = 4.2e-4');
    expect(formatPValue(1.7e-8)).toBe('p = 1.7e-8');
    expect(formatPValue(0)).toBe('p < 1e-15');
  });

  it('formats counts, statuses and the clock offset', () => {
    expect(formatCount(31, 2000)).toBe('31 / 2000 (1.55%)');
    expect(formatCount(0, 0)).toBe('–');
    expect(formatStatus(null, 'ECONNRESET')).toBe('— (ECONNRESET)');
    expect(formatStatus(403, null)).toBe('403');
    expect(describeClock({ offsetMs: -2, lowMs: -3, highMs: 4, consistent: true, attempts: 9 })).toBe('endpoint − client = 0.00 s (within [0.00 s, 0.00 s], 9 Date headers)');
    expect(describeClock({ offsetMs: 2412, lowMs: 2100, highMs: 2700, consistent: false, attempts: 9 })).toBe('endpoint − client = +2.41 s (responses disagree: [+2.10 s, +2.70 s], 9 Date headers)');
    expect(describeClock(null)).toMatch(/^unknown/);
  });

  it('lists the usual status columns that occurred (403 always), then the others, then no response', () => {
    const row = (statuses: Record<string, number>) => ({ statuses }) as unknown as MethodRow;
    expect(listStatusColumns([row({ '200': 5, '503': 1 }), row({ '404': 2, error: 1, '400': 1 })])).toEqual(['200', '403', '404', '400', '503', 'error']);
  });
});
