// Renders a Summary as the documented JSON format (docs/summary-json.md).
import type { Summary } from '../summary/summarise.js';

export function renderSummaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
