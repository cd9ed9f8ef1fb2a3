/**
 * One self-contained HTML file: inline CSS and script, no font, image or script from anywhere else,
 * and a Content-Security-Policy that allows only the inline script and style by their SHA-256 hashes
 * (`default-src 'none'`: even a bug could not fetch anything). The report data travels as JSON in a
 * non-executable <script type="application/json"> block, escaped so no value can close it; the script
 * renders every string with textContent. Only numbers and fixed words are written into the markup here.
 */
import { createHash } from 'node:crypto';
import { STATUS_TEXT } from '../../engine/reasons.js';
import type { Report, Summary } from '../../engine/types.js';
import { toStringReporter } from '../render.js';
import { ruleLookup } from '../shared.js';
import type { ReportStream } from '../types.js';
import { CLIENT_SCRIPT } from './client.js';
import { buildData } from './data.js';
import { STYLE } from './style.js';

/**
 * JSON that is safe inside a <script> element: `<` and `>` cannot form `</script>` or `<!--`, `&` cannot
 * start an entity, and U+2028/U+2029 (line terminators to older JavaScript parsers) are escaped.
 */
export function safeJson(value: unknown): string {
  return scriptSafe(JSON.stringify(value));
}

/** The escaping of safeJson, for one piece of JSON text (each replacement is one character, so pieces can be escaped apart). */
function scriptSafe(json: string): string {
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

const CHART_ORDER = ['NON_COMPLIANT', 'UNDETERMINED', 'SUPPRESSED', 'COMPLIANT', 'NOT_APPLICABLE'] as const;
type ChartKey = (typeof CHART_ORDER)[number];

function count(summary: Summary, key: ChartKey): number {
  return key === 'SUPPRESSED' ? summary.suppressed : summary[key];
}

function label(key: ChartKey): string {
  return key === 'SUPPRESSED' ? 'Suppressed' : STATUS_TEXT[key];
}

/** A donut of the statuses; numbers only, so it is written straight into the markup. */
function donut(summary: Summary): string {
  const total = CHART_ORDER.reduce((n, key) => n + count(summary, key), 0);
  const r = 70;
  const c = 2 * Math.PI * r;
  let offset = 0;
  const segments = CHART_ORDER.filter((key) => count(summary, key) > 0).map((key) => {
    const length = (count(summary, key) / total) * c;
    // A 2px gap between segments keeps neighbouring colours apart (none when one status fills the ring).
    const gap = length < c ? Math.min(2, length / 2) : 0;
    const seg = `<circle class="seg-${key}" cx="90" cy="90" r="${r}" fill="none" stroke-width="22" stroke-dasharray="${(length - gap).toFixed(2)} ${(c - length + gap).toFixed(2)}" stroke-dashoffset="${(-offset).toFixed(2)}" transform="rotate(-90 90 90)"><title>${label(key)}: ${count(summary, key)}</title></circle>`;
    offset += length;
    return seg;
  });
  const description = CHART_ORDER.map((key) => `${label(key)} ${count(summary, key)}`).join(', ');
  return `<svg width="180" height="180" viewBox="0 0 180 180" role="img" aria-label="Findings by status: ${description}">
<circle class="seg-track" cx="90" cy="90" r="${r}" fill="none" stroke-width="22"/>
${segments.join('\n')}
<text class="total" x="90" y="92" text-anchor="middle">${total}</text>
<text class="total-label" x="90" y="112" text-anchor="middle">findings</text>
</svg>`;
}

function cards(summary: Summary): string {
  return CHART_ORDER.map(
    (key) =>
      `<button type="button" class="card c-${key}" data-status="${key}" aria-pressed="false"><div class="n">${count(summary, key)}</div><div class="l">${label(key)}</div></button>`,
  ).join('\n');
}

function verdict(summary: Summary): string {
  if (summary.NON_COMPLIANT > 0) {
    return `<span class="dot c-NON_COMPLIANT"></span><strong>${summary.NON_COMPLIANT} finding${summary.NON_COMPLIANT === 1 ? ' needs' : 's need'} action</strong>${summary.UNDETERMINED ? ` · ${summary.UNDETERMINED} could not be determined` : ''}`;
  }
  if (summary.UNDETERMINED > 0) {
    return `<span class="dot c-UNDETERMINED"></span><strong>No failing finding</strong> · ${summary.UNDETERMINED} could not be determined`;
  }
  return '<span class="dot c-COMPLIANT"></span><strong>No failing finding</strong>';
}

const SHIELD = `<svg width="34" height="34" viewBox="0 0 24 24" aria-hidden="true"><path fill="#1f5fbf" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3z"/><path fill="#fff" d="m10.6 15.6-3.2-3.2 1.4-1.4 1.8 1.8 4.6-4.6 1.4 1.4z"/></svg>`;

const SORTABLE: [string, string][] = [
  ['status', 'Status'],
  ['severity', 'Severity'],
  ['resource', 'Resource'],
  ['rule', 'Rule'],
  ['account', 'Account'],
  ['region', 'Region'],
  ['reason', 'Reason'],
];

export const htmlStream: ReportStream = function* (report: Report, options) {
  const lookup = ruleLookup(report, options);
  const data = buildData(report, lookup);
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(CLIENT_SCRIPT)}`,
    `style-src ${cspHash(STYLE)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const s = report.summary;
  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="trailguard">
<title>trailguard — S3 access logging report</title>
<style>${STYLE}</style>
</head>
<body>
<header class="masthead"><div class="wrap">
<div class="brand">${SHIELD}<div><div class="brand-name">trailguard</div><div class="brand-sub">S3 server access logging audit · CloudTrail buckets and every S3 bucket</div></div></div>
<button type="button" class="btn no-print" id="tg-print">Print</button>
<button type="button" class="btn no-print" id="tg-theme">Theme</button>
</div></header>
<main class="wrap">
<section class="panel" aria-labelledby="tg-title">
<h1 id="tg-title">Compliance report</h1>
<div class="verdict">${verdict(s)}<span class="sub" id="tg-collected"></span></div>
<dl class="scope" id="tg-scope"></dl>
</section>
<section class="panel" aria-label="Summary">
<h2>Summary</h2>
<div class="summary"><div class="chart">${donut(s)}</div><div class="cards">${cards(s)}</div>
<div class="breakdown" id="tg-by-severity"><h3>By severity</h3></div>
<div class="breakdown" id="tg-by-rule"><h3>By rule</h3></div>
<div class="breakdown" id="tg-by-account"><h3>By account</h3></div></div>
</section>
<section class="panel errors" id="tg-errors" hidden>
<h2>Collection errors</h2>
<p class="sub">Some resources could not be read; findings that depend on them are undetermined.</p>
<ul id="tg-errors-list"></ul>
</section>
<section class="panel findings-panel" aria-label="Findings">
<h2>Findings</h2>
<div class="filters">
<label class="search">Search<input id="tg-search" type="search" placeholder="Bucket, ARN, account, reason…" autocomplete="off"></label>
<label>Status<select id="tg-status"><option value="">All statuses</option></select></label>
<label>Severity<select id="tg-severity"><option value="">All severities</option></select></label>
<label>Rule<select id="tg-rule"><option value="">All rules</option></select></label>
<label>Account<select id="tg-account"><option value="">All accounts</option></select></label>
<label>Region<select id="tg-region"><option value="">All regions</option></select></label>
<button type="button" class="btn" id="tg-clear">Clear</button>
<span class="count" id="tg-count" aria-live="polite"></span>
</div>
<div class="table-wrap" id="tg-scroll"><table class="findings">
<colgroup><col class="w-toggle">${SORTABLE.map(([key]) => `<col class="w-${key}">`).join('')}</colgroup>
<thead><tr><th><span class="sr-only">Details</span></th>${SORTABLE.map(([key, name]) => `<th data-sort="${key}"><button type="button" class="sort">${name}</button></th>`).join('')}</tr></thead>
<tbody id="tg-rows"></tbody>
</table></div>
</section>
<section class="print-only" id="tg-print-view" aria-hidden="true"></section>
<footer>Generated by trailguard ${escapeText(report.tool.version)} · report format trailguard/report@1 · this file is self-contained and makes no network request.</footer>
</main>
<script type="application/json" id="tg-data">`;
  for (const chunk of data) yield scriptSafe(chunk);
  yield `</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
};

export const html = toStringReporter(htmlStream);

/** For the one data string written into markup (the tool version, from package.json). */
function escapeText(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
