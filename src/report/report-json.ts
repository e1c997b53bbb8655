// Renders the report document as JSON (reportVersion 1, docs/reports.md): the same content as the Markdown, as data.
import type { ReportData } from './report-model.js';

export function renderReportJson(report: ReportData): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
