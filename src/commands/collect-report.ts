// Gathers everything a report shows for a run selection from the database and builds the report document.
import { readCredentialRefreshes } from '../recorder/credential-queries.js';
import type { Db } from '../recorder/database.js';
import { readAnomalies, readFollowUpGroups, readOutcomeGroups, readTimelineSample } from '../recorder/report-queries.js';
import { readRunFacts } from '../recorder/run-facts.js';
import type { RunSelection } from '../recorder/run-selection.js';
import { readTrend } from '../recorder/trend-queries.js';
import type { ReportData } from '../report/report-model.js';
import { buildReport } from '../stats/build-report.js';
import { SDK_REFRESH_MARGIN_MS } from '../summary/credential-expiry.js';

export interface CollectOptions {
  /** Rows of the anomalies table; the rest are counted. */
  maxAnomalies: number;
  /** Runs of the same scenario shown in the trend chart, this one included. */
  trendRuns?: number;
  generator: string;
  nowMs: number;
}

export function collectReport(db: Db, selection: RunSelection, options: CollectOptions): ReportData {
  const runIds = selection.runs.map((run) => run.id);
  const runs = readRunFacts(db, runIds);
  return buildReport({
    subject: { kind: selection.kind, label: selection.label, runIds },
    runs,
    outcomes: readOutcomeGroups(db, runIds),
    anomalies: readAnomalies(db, runIds, options.maxAnomalies),
    anomalyCap: options.maxAnomalies,
    followUps: readFollowUpGroups(db, runIds),
    timeline: readTimelineSample(db, runIds),
    trend: readTrend(db, { scenario: runs[0].scenarioName, last: options.trendRuns ?? 30 }),
    // The window before each expiry is the SDK's refresh margin: 403s in it point at credential refresh.
    credentials: { windowMs: SDK_REFRESH_MARGIN_MS, events: readCredentialRefreshes(db, runIds, SDK_REFRESH_MARGIN_MS) },
    generatedAtMs: options.nowMs,
    generator: options.generator,
  });
}
