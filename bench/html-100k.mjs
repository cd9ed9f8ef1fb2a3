#!/usr/bin/env node
// Issue 15 targets: the HTML report of 100,000 findings is usable in < 3 s and answers a search in < 200 ms,
// measured in headless Chromium (Debian /usr/bin/chromium through playwright-core). Also: the printed page
// count of the demo's 51-finding report. Generated at run time (bench/_snapshot-gen.mjs), never committed.
// Needs `npm run build`.
//
//   node bench/html-100k.mjs [--buckets N] [--cli PATH/bin/trailguard.js] [--label NAME] [--loads N] [--json]
//
// --cli measures another build (for a before/after comparison, point it at a checkout of the old code).
// Measured: file size; time to usable = from navigation start until the page has rendered its first rows
// and answers a script round trip (the main thread is free), median of --loads page loads (3); search = median and max of
// several keystrokes, each from the `input` event to the next painted frame with the result; JS heap (CDP
// Performance.getMetrics) and DOM nodes; and the PDF page count of the 51-finding demo report (page.pdf).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reportBench } from './_report.mjs';
import { writeSnapshotFile } from './_snapshot-gen.mjs';

const CHROMIUM = '/usr/bin/chromium';
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = resolve(option('--cli', join(here, '..', 'bin', 'trailguard.js')));
const buckets = Number(option('--buckets', '100000'));
const label = option('--label', 'html-100k');
const USABLE_TARGET_MS = 3000;
const SEARCH_TARGET_MS = 200;

if (!existsSync(CHROMIUM)) {
  console.log(`${label}: skipped, ${CHROMIUM} not found (apt-get install -y chromium)`);
  process.exit(0);
}
const { chromium } = await import('playwright-core');
const work = mkdtempSync(join(tmpdir(), 'tg-bench-html-'));
try {
  const snapshot = join(work, 'snapshot.json');
  await writeSnapshotFile(snapshot, buckets);
  const file = join(work, 'report.html');
  const started = performance.now();
  const scan = spawnSync(process.execPath, [cli, 'scan', '--snapshot', snapshot, '-f', 'html', '-o', file], {
    encoding: 'utf8',
  });
  const writeMs = performance.now() - started;
  if (!existsSync(file)) throw new Error(`scan wrote no report (exit ${scan.status}): ${scan.stderr}`);
  const bytes = statSync(file).size;
  console.log(
    `${label}: ${buckets} buckets → ${(bytes / 1048576).toFixed(1)} MB HTML, written in ${(writeMs / 1000).toFixed(2)} s`,
  );

  const demoDir = join(work, 'demo');
  spawnSync(process.execPath, [cli, 'demo', '-f', 'html,json', '--output-dir', demoDir], {
    encoding: 'utf8',
  });
  const demoHtml = join(demoDir, 'trailguard.html');
  const demoFindings = JSON.parse(readFileSync(join(demoDir, 'trailguard.json'), 'utf8')).findings.length;

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    // Time to usable: median of `loads` page loads (the last page is kept for the search and memory figures).
    const loads = Number(option('--loads', '3'));
    const usable = [];
    const requests = [];
    let page;
    for (let run = 0; run < loads; run++) {
      await page?.close();
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(600_000);
      page.on('request', (r) => requests.push(r.url()));
      const load0 = performance.now();
      await page.goto(pathToFileURL(file).href, { timeout: 600_000, waitUntil: 'commit' });
      await page.waitForSelector('html[data-ready="true"] tr.finding', { timeout: 600_000 });
      await page.evaluate('1');
      usable.push(performance.now() - load0);
      const rows = await page.locator('tr.finding').count();
      console.log(
        `${label}: usable after ${(usable[run] / 1000).toFixed(2)} s (${rows} row elements in the DOM)`,
      );
    }
    const usableMs = [...usable].sort((a, b) => a - b)[Math.floor(usable.length / 2)];

    // Each keystroke: set the field as typing does, fire `input`, wait for two frames (the result painted).
    const queries = [
      'b',
      'bu',
      'buc',
      'bucket-4',
      'bucket-42',
      'bucket-42-',
      'bucket-42-7',
      'missing',
      'eu-west-1',
      'zzz',
    ];
    const times = [];
    for (const q of queries) {
      const ms = await page.evaluate(
        `new Promise((done) => { const input = document.getElementById('tg-search'); const t0 = performance.now();
          input.value = ${JSON.stringify(q)}; input.dispatchEvent(new Event('input', { bubbles: true }));
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))); })`,
        undefined,
      );
      const count = await page.locator('#tg-count').textContent();
      times.push(ms);
      console.log(`${label}:   search ${JSON.stringify(q)}: ${ms.toFixed(0)} ms (${count})`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const searchMedian = sorted[Math.floor(sorted.length / 2)];
    const searchMax = sorted[sorted.length - 1];
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    );
    const heapMb = metrics.JSHeapUsedSize / 1048576;
    const nodes = metrics.Nodes;
    console.log(
      `${label}: search median ${searchMedian.toFixed(0)} ms, max ${searchMax.toFixed(0)} ms; JS heap ${heapMb.toFixed(0)} MB, ${nodes} DOM nodes`,
    );
    const network = requests.filter(
      (u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:'),
    );
    await page.close();

    const demo = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await demo.goto(pathToFileURL(demoHtml).href);
    await demo.waitForSelector('html[data-ready="true"]');
    await demo.emulateMedia({ media: 'print' });
    const pdf = await demo.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`${label}: demo report (${demoFindings} findings) prints on ${pages} A4 pages`);
    await demo.close();

    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
    console.log(
      `${label}: usable ${(usableMs / 1000).toFixed(2)} s (target < ${USABLE_TARGET_MS / 1000} s) ${usableMs < USABLE_TARGET_MS ? '✔' : '✘'}; ` +
        `search median ${searchMedian.toFixed(0)} ms (target < ${SEARCH_TARGET_MS} ms) ${searchMedian < SEARCH_TARGET_MS ? '✔' : '✘'}; load average ${load}`,
    );
    reportBench({
      name: label,
      wall: usableMs,
      buckets,
      htmlBytes: bytes,
      htmlMb: Math.round((bytes / 1048576) * 10) / 10,
      writeMs: Math.round(writeMs),
      usableMs: Math.round(usableMs),
      usableRunsMs: usable.map((t) => Math.round(t)),
      searchMedianMs: Math.round(searchMedian),
      searchMaxMs: Math.round(searchMax),
      searchMs: times.map((t) => Math.round(t)),
      jsHeapMb: Math.round(heapMb),
      domNodes: nodes,
      networkRequests: network.length,
      demoFindings,
      demoPrintPages: pages,
    });
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
