// The browser script of the HTML report: draws its charts with the inlined Chart.js from the embedded report JSON.

/**
 * Plain ES2017 run by the browser (no modules, no network). It reads `#s3probe-report-data`, draws every chart
 * with animation off (a finished picture at load, for screenshots and tests), and exposes the Chart instances
 * as `window.s3probeCharts`. Every canvas it draws on gets `data-rendered="true"`.
 */
export const REPORT_CHART_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('s3probe-report-data').textContent);
  var COLORS = {
    expected: '#4caf50', forbidden: '#d62728', stale: '#ff7f0e', phantom: '#8c564b', throttled: '#e377c2',
    'server-error': '#9467bd', 'network-error': '#7f7f7f', timeout: '#17becf', 'other-unexpected': '#1f77b4'
  };
  var charts = [];
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", sans-serif';

  function percent(count, total) { return total === 0 ? null : (100 * count) / total; }
  function colorOf(outcome) { return COLORS[outcome] || '#333333'; }
  function rowOf(rows, method) { for (var i = 0; i < rows.length; i++) if (rows[i].method === method) return rows[i]; return null; }
  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    charts.push(new Chart(canvas, config));
    canvas.setAttribute('data-rendered', 'true');
  }
  function axisTitle(text) { return { display: true, text: text }; }

  // Unexpected answers by time since upload, one chart per method: where do the 403s fall?
  var unexpectedClasses = data.outcomeClasses.filter(function (c) { return c !== 'expected'; });
  var offsetLabels = data.byOffset.map(function (o) { return o.label; });
  data.methods.forEach(function (method, index) {
    var datasets = unexpectedClasses.map(function (outcome) {
      return {
        label: outcome, backgroundColor: colorOf(outcome),
        data: data.byOffset.map(function (o) { var row = rowOf(o.methods, method.method); return row ? percent(row.classes[outcome], row.probes) : null; })
      };
    }).filter(function (dataset) { return dataset.data.some(function (v) { return v; }); });
    if (datasets.length === 0) datasets = [{ label: 'no unexpected answers', backgroundColor: COLORS.expected, data: offsetLabels.map(function () { return 0; }) }];
    draw('chart-offsets-' + index, {
      type: 'bar',
      data: { labels: offsetLabels, datasets: datasets },
      options: {
        plugins: { title: { display: true, text: method.method + ': unexpected answers by offset from the upload' } },
        scales: {
          x: { stacked: true, title: axisTitle('offset (− before the upload starts, + after it completes)') },
          y: { stacked: true, beginAtZero: true, suggestedMax: 1, grace: '10%', title: axisTitle('% of probes at this offset') }
        }
      }
    });
  });

  // Every planned probe (or an even sample) over time, coloured by outcome.
  var methodNames = data.methods.map(function (m) { return m.method; });
  var byOutcome = {};
  data.timeline.points.forEach(function (point, i) {
    var y = methodNames.indexOf(point.method);
    if (y < 0) return;
    var jitter = ((i * 0.6180339887) % 1 - 0.5) * 0.6;
    (byOutcome[point.outcome] = byOutcome[point.outcome] || []).push({ x: point.tMs / 1000, y: y + jitter });
  });
  draw('chart-timeline', {
    type: 'scatter',
    data: {
      datasets: data.outcomeClasses.filter(function (c) { return byOutcome[c]; }).map(function (outcome) {
        return { label: outcome, data: byOutcome[outcome], backgroundColor: colorOf(outcome), pointRadius: outcome === 'expected' ? 1.5 : 3 };
      })
    },
    options: {
      plugins: { title: { display: true, text: 'probes over time' + (data.timeline.sampled ? ' (every unexpected probe, a sample of the rest)' : '') } },
      scales: {
        x: { type: 'linear', title: axisTitle('seconds since the run started') },
        y: {
          type: 'linear', min: -0.5, max: methodNames.length - 0.5, reverse: true, title: axisTitle('method'),
          afterBuildTicks: function (scale) { scale.ticks = methodNames.map(function (_, i) { return { value: i }; }); },
          ticks: { callback: function (value) { return methodNames[value] || ''; } }
        }
      }
    }
  });

  // 403 rate per method with its Wilson 95% interval.
  var rateRows = data.methods.concat([data.totals]);
  draw('chart-rates', {
    data: {
      labels: rateRows.map(function (r) { return r.method; }),
      datasets: [
        {
          type: 'bar', label: '95% interval', barPercentage: 0.35, backgroundColor: 'rgba(214, 39, 40, 0.2)', borderColor: '#d62728', borderWidth: 1,
          data: rateRows.map(function (r) { return [100 * r.forbiddenCi95[0], 100 * r.forbiddenCi95[1]]; })
        },
        {
          type: 'line', label: '403 rate', showLine: false, pointRadius: 6, pointStyle: 'rectRot', backgroundColor: '#d62728', borderColor: '#d62728',
          data: rateRows.map(function (r) { return 100 * r.forbiddenRate; })
        }
      ]
    },
    options: {
      plugins: { title: { display: true, text: '403 rate per method (Wilson 95% interval)' } },
      scales: { y: { beginAtZero: true, grace: '10%', title: axisTitle('% of probes answered 403') } }
    }
  });

  // 403 rate per run, when the database holds earlier runs of this scenario.
  if (data.trend.length > 1) {
    var trendMethods = data.trend[data.trend.length - 1].methods.map(function (m) { return m.method; });
    var palette = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e'];
    draw('chart-trend', {
      type: 'line',
      data: {
        labels: data.trend.map(function (p) { return p.startedAt.slice(0, 16).replace('T', ' '); }),
        datasets: trendMethods.map(function (method, i) {
          return {
            label: method, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length],
            data: data.trend.map(function (p) { var row = rowOf(p.methods, method); return row ? 100 * row.forbiddenRate : null; })
          };
        })
      },
      options: {
        plugins: { title: { display: true, text: '403 rate per run of this scenario' } },
        scales: { x: { title: axisTitle('run start (UTC)') }, y: { beginAtZero: true, grace: '10%', title: axisTitle('% of probes answered 403') } }
      }
    });
  }

  window.s3probeCharts = charts;
  document.body.setAttribute('data-charts-rendered', String(charts.length));
})();
`;
