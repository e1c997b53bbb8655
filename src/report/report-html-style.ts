// The stylesheet of the HTML report (inlined: the file must work offline).

export const REPORT_STYLE = `
:root { color-scheme: light; --fg: #1b1f23; --muted: #57606a; --line: #d0d7de; --bad: #d62728; --bg-alt: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0 0 12px; }
.headline { font-size: 15px; background: var(--bg-alt); border-left: 4px solid var(--bad); padding: 8px 12px; }
table { border-collapse: collapse; margin: 8px 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; }
td.bad { color: var(--bad); font-weight: 600; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg-alt); padding: 8px 12px; overflow-x: auto; }
.chart { position: relative; height: 260px; margin: 8px 0; }
.chart.tall { height: 320px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 12px; }
.scroll { overflow-x: auto; }
.scroll td { white-space: nowrap; }
.legend { color: var(--muted); font-size: 12px; }
`;
