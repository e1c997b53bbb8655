// The HTML report in headless Chromium: every chart drawn, no console errors, no network request; a screenshot for a human.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/commands/report.js';
import { openDatabase } from '../src/recorder/database.js';
import { captureIo } from './helpers/capture-io.js';
import { ROOT } from './helpers/cli.js';
import { type ProbeSpot, expectedAnswer, writeSyntheticRun } from './helpers/synthetic-runs.js';

const RESULTS_DIR = join(ROOT, 'test-results');
const HTML_PATH = join(RESULTS_DIR, 'html-report.html');
const SCREENSHOT_PATH = join(RESULTS_DIR, 'html-report.png');
const START = Date.UTC(2026, 11, 1, 2, 0, 0);
const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a developer machine without it skips this file and says so, rather than fail.
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install chromium)`);
if (!HAVE_CHROMIUM) console.warn(`html-report.test.ts skipped: ${CHROMIUM} not found (apt-get install -y --no-install-recommends chromium)`);

let dir: string;
let browser: Browser;

/** Runs in the page (as text: this project compiles without DOM types): per canvas, whether a Chart drew on it and how much. */
const CHART_PROBE = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted += 1;
  const chart = window.s3probeCharts.find((instance) => instance.canvas === canvas);
  return { id: canvas.id, rendered: canvas.dataset.rendered, painted, points: chart ? chart.data.datasets.reduce((n, d) => n + d.data.length, 0) : -1 };
})`;

function answer(day: number) {
  return (spot: ProbeSpot) => {
    if (spot.method === 'head' && spot.phase === 'after-upload' && spot.offsetMs <= 10 && (spot.objectIndex + day) % 5 === 0) return { status: 403 };
    if (spot.method === 'head' && spot.phase === 'before-upload' && spot.objectIndex === 17) return { status: 403 };
    if (spot.method === 'get' && spot.offsetMs === 100 && spot.objectIndex % 29 === 3) return { status: 503, errorCode: 'SlowDown' };
    if (spot.method === 'ranged-get' && spot.objectIndex === 40 && spot.offsetMs === 0) return { status: null, errorClass: 'ECONNRESET' };
    return expectedAnswer(spot);
  };
}

async function openReport(page: Page, url: string) {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForFunction("document.body.hasAttribute('data-charts-rendered')", undefined, { timeout: 15_000 });
  return { requests, problems };
}

beforeAll(async () => {
  if (!HAVE_CHROMIUM) return;
  dir = mkdtempSync(join(tmpdir(), 's3probe-html-'));
  const dbPath = join(dir, 'results.sqlite');
  const db = openDatabase(dbPath);
  for (let day = 0; day < 3; day++) {
    writeSyntheticRun(db, { id: `2026120${day + 1}T020000Z-00000${day}`, startedAtMs: START + day * 86_400_000, objects: 60, answer: answer(day), clockOffsetMs: -750, followUpAnswer: { status: 206 } });
  }
  db.close();
  mkdirSync(RESULTS_DIR, { recursive: true });
  reportCommand({ dbPath, run: 'latest', format: 'html', output: HTML_PATH, redact: false }, captureIo());
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_CHROMIUM)('HTML report', () => {
  it('is one self-contained file with the data and Chart.js inlined', () => {
    expect(statSync(HTML_PATH).size).toBeGreaterThan(200_000);
  });

  it('draws every chart in Chromium without errors or network requests, and saves a screenshot', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const url = pathToFileURL(HTML_PATH).href;
    const { requests, problems } = await openReport(page, url);
    const charts = await page.evaluate<Array<{ id: string; rendered: string; painted: number; points: number }>>(CHART_PROBE);
    await page.screenshot({ path: SCREENSHOT_PATH, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    expect(charts.map((chart) => chart.id)).toEqual(['chart-rates', 'chart-offsets-0', 'chart-offsets-1', 'chart-offsets-2', 'chart-timeline', 'chart-trend']);
    for (const chart of charts) {
      expect(chart.rendered, chart.id).toBe('true');
      expect(chart.painted, chart.id).toBeGreaterThan(2000);
      expect(chart.points, chart.id).toBeGreaterThan(0);
    }
    expect(await page.locator('h2', { hasText: 'Anomalies' }).textContent()).toMatch(/^Anomalies: \d+ unexpected answers$/);
    await page.close();
  });

  it('the request check itself catches a page that reaches for the network', async () => {
    const page = await browser.newPage();
    const leaky = join(dir, 'leaky.html');
    writeFileSync(leaky, '<!doctype html><body><img src="http://127.0.0.1:9/pixel.png"><script>document.body.setAttribute("data-charts-rendered", "0")</script></body>');
    const { requests } = await openReport(page, pathToFileURL(leaky).href);
    expect(requests).toContain('http://127.0.0.1:9/pixel.png');
    await page.close();
  });
});
