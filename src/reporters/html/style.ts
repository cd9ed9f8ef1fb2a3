/**
 * The HTML report's stylesheet (inline; its SHA-256 goes into the page's Content-Security-Policy).
 * System fonts only: the page must not make a single network request.
 */
export const STYLE = `
:root {
  color-scheme: light;
  --bg: #f6f7f9; --panel: #ffffff; --panel-2: #f0f2f5; --text: #1b1f24; --muted: #5b6470;
  --border: #d9dee4; --accent: #1f5fbf; --accent-soft: #e3ecfa; --code-bg: #f3f5f8; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.08);
  --nc: #c62828; --nc-soft: #fdecec; --un: #a86200; --un-soft: #fff4e0; --ok: #1b7f3b; --ok-soft: #e6f4ea;
  --na: #6b7280; --na-soft: #eef0f3; --sup: #6f42c1; --sup-soft: #f1ebfb; --ring: #9ab8e8;
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --bg: #0e1116; --panel: #161b22; --panel-2: #1d232c; --text: #e6edf3; --muted: #9aa5b1;
  --border: #2d3440; --accent: #6ea8fe; --accent-soft: #1b2a42; --code-bg: #0b0f14; --shadow: none;
  --nc: #ff6b6b; --nc-soft: #3a1d1f; --un: #f0b429; --un-soft: #3a2e12; --ok: #4cc37a; --ok-soft: #16301f;
  --na: #9aa5b1; --na-soft: #252b34; --sup: #b392f0; --sup-soft: #2a2140; --ring: #3b6fb6;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    color-scheme: dark;
    --bg: #0e1116; --panel: #161b22; --panel-2: #1d232c; --text: #e6edf3; --muted: #9aa5b1;
    --border: #2d3440; --accent: #6ea8fe; --accent-soft: #1b2a42; --code-bg: #0b0f14; --shadow: none;
    --nc: #ff6b6b; --nc-soft: #3a1d1f; --un: #f0b429; --un-soft: #3a2e12; --ok: #4cc37a; --ok-soft: #16301f;
    --na: #9aa5b1; --na-soft: #252b34; --sup: #b392f0; --sup-soft: #2a2140; --ring: #3b6fb6;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif;
}
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.wrap { max-width: 1600px; margin: 0 auto; padding: 0 24px; }
.masthead { background: var(--panel); border-bottom: 1px solid var(--border); }
.masthead .wrap { display: flex; align-items: center; gap: 16px; min-height: 64px; }
.brand { display: flex; align-items: center; gap: 12px; flex: 1; min-width: 0; }
.brand svg { flex: none; }
.brand-name { font-weight: 700; font-size: 18px; letter-spacing: .2px; }
.brand-sub { color: var(--muted); font-size: 13px; }
.btn {
  font: inherit; font-size: 13px; color: var(--text); background: var(--panel); border: 1px solid var(--border);
  border-radius: 8px; padding: 6px 12px; cursor: pointer; display: inline-flex; align-items: center; gap: 6px;
}
.btn:hover { background: var(--panel-2); }
.btn:focus-visible, input:focus-visible, select:focus-visible, .card:focus-visible, .sort:focus-visible, .tab:focus-visible { outline: 2px solid var(--ring); outline-offset: 1px; }
main.wrap { padding-top: 24px; padding-bottom: 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 0 0 12px; text-transform: uppercase; letter-spacing: .6px; color: var(--muted); }
.panel { background: var(--panel); border: 1px solid var(--border); border-radius: 12px; box-shadow: var(--shadow); padding: 20px; margin-bottom: 20px; }
.scope { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px 24px; margin: 16px 0 0; }
.scope dt { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; }
.scope dd { margin: 2px 0 0; font-weight: 600; overflow-wrap: anywhere; }
.verdict { display: flex; align-items: center; gap: 10px; font-size: 15px; margin-top: 4px; }
.verdict .dot { width: 10px; height: 10px; border-radius: 50%; display: inline-block; background: var(--c); }
.summary { display: grid; grid-template-columns: 170px 180px minmax(210px, .8fr) minmax(0, 1.3fr) minmax(0, 1.1fr); gap: 18px 24px; align-items: start; }
.chart { display: flex; justify-content: center; }
.chart .total { font-size: 30px; font-weight: 700; fill: var(--text); }
.chart .total-label { font-size: 11px; fill: var(--muted); text-transform: uppercase; letter-spacing: .6px; }
.seg-NON_COMPLIANT { stroke: var(--nc); } .seg-UNDETERMINED { stroke: var(--un); } .seg-COMPLIANT { stroke: var(--ok); }
.seg-NOT_APPLICABLE { stroke: var(--na); } .seg-SUPPRESSED { stroke: var(--sup); } .seg-track { stroke: var(--panel-2); }
.cards { display: grid; grid-template-columns: 1fr; gap: 6px; }
.breakdown h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); margin: 0 0 6px; }
.breakdown .sub { margin-top: 6px; }
table.mini { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.mini th, table.mini td { padding: 3px 6px; border-bottom: 1px solid var(--border); font-size: 12.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
table.mini th { background: none; position: static; font-size: 11px; letter-spacing: 0; text-transform: none; }
table.mini th:first-child, table.mini td.label { width: auto; }
table.mini .num { width: 58px; text-align: right; font-variant-numeric: tabular-nums; }
table.mini th.num { color: var(--c, var(--muted)); }
table.mini .n-fail { color: var(--nc); font-weight: 600; } table.mini .n-undet { color: var(--un); font-weight: 600; }
table.mini .zero { color: var(--muted); font-weight: 400; opacity: .6; }
.link { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; display: block; text-align: left; }
.link:hover { text-decoration: underline; }
.card {
  font: inherit; color: inherit; text-align: left; cursor: pointer; border: 1px solid var(--border); border-radius: 10px;
  padding: 6px 12px; background: var(--panel); border-left: 4px solid var(--c); transition: background .15s;
  display: flex; align-items: baseline; gap: 10px;
}
.card:hover, .card[aria-pressed="true"] { background: var(--c-soft); }
.card .n { font-size: 20px; font-weight: 700; line-height: 1.2; color: var(--c); min-width: 3ch; font-variant-numeric: tabular-nums; }
.card .l { color: var(--muted); font-size: 12.5px; white-space: nowrap; }
.c-NON_COMPLIANT { --c: var(--nc); --c-soft: var(--nc-soft); } .c-UNDETERMINED { --c: var(--un); --c-soft: var(--un-soft); }
.c-COMPLIANT { --c: var(--ok); --c-soft: var(--ok-soft); } .c-NOT_APPLICABLE { --c: var(--na); --c-soft: var(--na-soft); }
.c-SUPPRESSED { --c: var(--sup); --c-soft: var(--sup-soft); }
.errors ul { margin: 0; padding-left: 18px; } .errors li { margin: 4px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin-bottom: 14px; }
.filters label { display: flex; flex-direction: column; gap: 4px; font-size: 12px; color: var(--muted); }
.filters input, .filters select {
  font: inherit; font-size: 13px; color: var(--text); background: var(--panel); border: 1px solid var(--border);
  border-radius: 8px; padding: 6px 10px; min-width: 150px;
}
.filters .search input { min-width: 260px; }
.filters .count { margin-left: auto; color: var(--muted); font-size: 13px; padding-bottom: 7px; }
.table-wrap { overflow: auto; border: 1px solid var(--border); border-radius: 10px; max-height: calc(100vh - 150px); min-height: 120px; }
table { width: 100%; border-collapse: collapse; }
table.findings { table-layout: fixed; min-width: 1040px; }
col.w-toggle { width: 34px; } col.w-status { width: 138px; } col.w-severity { width: 82px; } col.w-resource { width: 24%; }
col.w-rule { width: 19%; } col.w-account { width: 150px; } col.w-region { width: 112px; } col.w-reason { width: auto; }
td { font-size: 13px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: middle; }
table.findings > tbody > tr.finding > td { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; height: 33px; }
th { background: var(--panel-2); font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); white-space: nowrap; position: sticky; top: 0; z-index: 1; }
.sort { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; text-transform: inherit; letter-spacing: inherit; }
.sort::after { content: " \\2195"; opacity: .35; }
th[aria-sort="ascending"] .sort::after { content: " \\2191"; opacity: 1; }
th[aria-sort="descending"] .sort::after { content: " \\2193"; opacity: 1; }
tr.spacer > td { padding: 0; border: 0; height: inherit; }
tr.finding { cursor: pointer; }
tr.finding:hover { background: var(--panel-2); }
tr.finding.open { background: var(--accent-soft); }
tr.detail > td { background: var(--panel-2); padding: 16px 20px 20px; white-space: normal; }
.toggle { width: 22px; height: 22px; border: 0; background: none; color: var(--muted); cursor: pointer; padding: 0; font-size: 14px; transition: transform .15s; }
tr.finding.open .toggle { transform: rotate(90deg); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.where { color: var(--muted); font-size: 12px; margin-left: 8px; }
.badge { display: inline-flex; align-items: center; gap: 6px; font-size: 12px; font-weight: 600; padding: 2px 9px; border-radius: 999px; background: var(--c-soft); color: var(--c); white-space: nowrap; }
.badge::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: var(--c); }
.sub { display: block; color: var(--muted); font-size: 12px; margin-top: 3px; }
.res { font-weight: 600; }
.sev { font-size: 12px; text-transform: capitalize; }
.sev-high, .sev-critical { color: var(--nc); font-weight: 600; } .sev-medium { color: var(--un); font-weight: 600; }
.warn { color: var(--un); font-size: 12px; font-weight: 600; margin-right: 6px; }
.empty { text-align: center; color: var(--muted); padding: 28px; }
.detail-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px 28px; }
.detail h3, .print-item h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .5px; color: var(--muted); margin: 0 0 6px; }
.detail p { margin: 0 0 8px; }
.detail ul, .detail ol { margin: 0 0 8px; padding-left: 20px; }
.detail li { margin: 3px 0; }
.tabpanel code, .detail p code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
.tabpanel pre code { background: none; border: 0; padding: 0; }
.detail .message { font-size: 14.5px; margin-bottom: 14px; }
.fix { border-left: 3px solid var(--accent); background: var(--accent-soft); padding: 8px 12px; border-radius: 6px; margin-bottom: 14px; }
.suppression { border-left: 3px solid var(--sup); background: var(--sup-soft); padding: 8px 12px; border-radius: 6px; margin-bottom: 14px; }
.sub-inline { color: var(--muted); font-size: 12px; }
.about { color: var(--muted); max-width: 110ch; }
.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
.kv dt { color: var(--muted); } .kv dd { margin: 0; overflow-wrap: anywhere; }
pre { font-size: 12px; background: var(--code-bg); border: 1px solid var(--border); border-radius: 8px; padding: 12px; overflow: auto; max-height: 360px; margin: 0 0 8px; white-space: pre; }
.section { margin-top: 18px; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--border); margin-bottom: 10px; flex-wrap: wrap; }
.tab { font: inherit; font-size: 13px; background: none; border: 0; border-bottom: 2px solid transparent; padding: 6px 12px; cursor: pointer; color: var(--muted); }
.tab[aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }
.tabpanel[hidden] { display: none; }
.tabpanel h4 { display: none; }
.tabpanel h4.plain, .plan h4 { display: block; font-size: 12px; margin: 10px 0 4px; color: var(--muted); }
.plan .note { border-left: 3px solid var(--un); background: var(--un-soft); padding: 6px 10px; border-radius: 6px; }
.kv.evidence { grid-template-columns: minmax(120px, max-content) 1fr; font-size: 12.5px; }
.kv.evidence dd { font-size: 12px; }
details.raw { margin-top: 8px; }
details.raw > summary { cursor: pointer; color: var(--accent); font-size: 12.5px; margin-bottom: 6px; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { white-space: nowrap; font-size: 12px; border: 1px solid var(--border); border-radius: 999px; padding: 1px 9px; background: var(--panel); }
a { color: var(--accent); }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 8px 0 32px; }
.print-only { display: none; }
@media (max-width: 1180px) { .summary { grid-template-columns: 190px 1fr; } .breakdown { grid-column: span 2; } }
@media (max-width: 760px) {
  .wrap { padding: 0 12px; } .panel { padding: 14px; }
  .summary { grid-template-columns: 1fr; } .breakdown { grid-column: auto; } .filters .count { margin-left: 0; }
  .filters label, .filters .search input, .filters input, .filters select { min-width: 0; width: 100%; }
  .filters label { flex: 1 1 40%; } .filters .search { flex-basis: 100%; }
  .brand-sub { display: none; }
  .verdict { flex-wrap: wrap; gap: 4px 10px; }
  table.findings { min-width: 0; }
  table.findings col.w-severity, table.findings col.w-rule, table.findings col.w-account, table.findings col.w-region, table.findings col.w-reason { width: 0; }
  table.findings col.w-status { width: 134px; } table.findings col.w-resource { width: auto; }
  table.findings th:nth-child(3), table.findings th:nth-child(5), table.findings th:nth-child(6), table.findings th:nth-child(7), table.findings th:nth-child(8),
  tr.finding > td:nth-child(3), tr.finding > td:nth-child(5), tr.finding > td:nth-child(6), tr.finding > td:nth-child(7), tr.finding > td:nth-child(8) { padding: 0; border-left: 0; border-right: 0; font-size: 0; visibility: hidden; }
  tr.detail > td { padding: 12px; }
  .detail-grid { grid-template-columns: 1fr; }
}
@media print {
  :root, :root[data-theme="dark"] {
    color-scheme: light; --bg: #fff; --panel: #fff; --panel-2: #f4f5f7; --text: #000; --muted: #444; --border: #ccc; --code-bg: #f7f7f7; --shadow: none;
    --nc: #b00020; --un: #8a5300; --ok: #17692f; --na: #555; --sup: #5a32a3; --accent: #1f4f99; --accent-soft: #eef3fb;
  }
  @page { margin: 12mm; }
  body { font-size: 10px; }
  .wrap { max-width: none; padding: 0; }
  main.wrap { padding: 0; }
  .no-print, .filters, .toggle, .findings-panel { display: none !important; }
  .print-only { display: block; }
  .panel { break-inside: avoid; box-shadow: none; padding: 10px; margin-bottom: 10px; }
  .summary { grid-template-columns: 150px 130px repeat(3, minmax(0, 1fr)); gap: 10px; }
  .chart svg { width: 130px; height: 130px; }
  .card { padding: 3px 8px; } .card .n { font-size: 14px; }
  .scope { margin-top: 8px; gap: 4px 16px; }
  .print-table { table-layout: auto; font-size: 9px; }
  .print-table th { position: static; font-size: 8.5px; padding: 3px 5px; }
  .print-table td { padding: 2px 5px; font-size: 9px; vertical-align: top; overflow-wrap: anywhere; }
  .print-table .badge { font-size: 8.5px; padding: 0 6px; }
  .print-table tr { break-inside: avoid; }
  .print-table td:nth-child(1), .print-table td:nth-child(2), .print-table td:nth-child(4), .print-table td:nth-child(5), .print-table td:nth-child(6) { white-space: nowrap; overflow-wrap: normal; }
  #tg-print-view h2 { margin: 12px 0 6px; }
  .print-item { break-inside: avoid; border-top: 1px solid var(--border); padding: 6px 0; }
  .print-item h3 { margin: 0; font-size: 11px; text-transform: none; letter-spacing: 0; color: var(--text); }
  .print-item p { margin: 2px 0; }
  .evidence-inline { font-size: 9px; } .evidence-inline .mono { font-size: 8.5px; } .evidence-inline .muted { color: var(--muted); }
  .print-item .fix { padding: 3px 8px; margin: 3px 0; }
  pre { max-height: none; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 7.5px; line-height: 1.35; padding: 4px 6px; margin: 3px 0; }
  pre code, .print-table .mono { font-size: inherit; }
  .print-item .sub, .print-item .message, .print-item .plan p { font-size: 9px; margin: 1px 0; }
  .plan h4 { margin: 4px 0 2px; }
}
`;
