/**
 * The HTML report in a real browser: headless Debian Chromium driven by playwright-core. Skipped, with
 * a message, only when /usr/bin/chromium is not installed (CI installs it with apt-get).
 * Screenshots (light and dark, 1400 and 420 px wide) go to test-output/ for a human to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { html } from '../../src/reporters/html/index.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from '../reporters/fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(`[html-report] skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);
}
const OUTPUT_DIR = new URL('../../test-output/', import.meta.url);
// Page-side code is passed as strings: this project compiles without the DOM library.
const BODY_BACKGROUND = 'getComputedStyle(document.body).backgroundColor';
const BIDI_BUCKET = 'invoice-\u202Egnp.exe';

interface Session {
  page: Page;
  requests: string[];
  blocked: string[];
  dialogs: string[];
  errors: string[];
}

/** The fixture plus a bucket whose name holds a right-to-left override. */
function report(): Report {
  const base = fixtureReport();
  const template = base.findings.find((f) => f.resource.name === 'app-assets') as Finding;
  const bidi: Finding = {
    ...structuredClone(template),
    resource: { ...template.resource, name: BIDI_BUCKET, id: `arn:aws:s3:::${BIDI_BUCKET}` },
    message: `Bucket ${BIDI_BUCKET} logs to access-logs-111111111111-us-east-1.`,
  };
  base.findings.push(bidi);
  base.summary.COMPLIANT += 1;
  return base;
}

/** `count` findings made from the fixture's (names made unique), for the print and scale cases. */
function bigReport(count: number): Report {
  const base = fixtureReport();
  const findings: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const f = structuredClone(base.findings[i % base.findings.length] as Finding);
    const name = `${f.resource.name ?? 'x'}-${i}`;
    f.resource = { ...f.resource, name, id: `arn:aws:s3:::${name}` };
    f.message = `${f.message} (#${i})`;
    findings.push(f);
  }
  const summary = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, UNDETERMINED: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) summary.suppressed += 1;
    else summary[f.status] += 1;
  }
  return { ...base, findings, summary };
}

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  let fileUrl: string;
  const fixture = report();

  async function writeReport(name: string, value: Report): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, html(value, OPTIONS));
    return pathToFileURL(file).href;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tg-html-'));
    fileUrl = await writeReport('report.html', fixture);
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(
    options: { colorScheme?: 'light' | 'dark'; hash?: string; url?: string; width?: number } = {},
  ): Promise<Session> {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1400, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const session: Session = { page, requests: [], blocked: [], dialogs: [], errors: [] };
    // Every request is seen here; anything but the report file itself is recorded and refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      session.requests.push(url);
      if (url.split('#')[0] === (options.url ?? fileUrl)) return route.continue();
      session.blocked.push(url);
      return route.abort();
    });
    page.on('dialog', (dialog) => {
      session.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => session.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') session.errors.push(message.text());
    });
    await page.goto(`${options.url ?? fileUrl}${options.hash ?? ''}`);
    await page.waitForSelector('html[data-ready="true"]');
    return session;
  }

  const rows = (page: Page) => page.locator('tr.finding');
  const names = (page: Page) => rows(page).locator('.res').allTextContents();
  /** Waits until a page expression is true (waitForFunction would need 'unsafe-eval', which the CSP refuses). */
  async function until(page: Page, expression: string) {
    for (let i = 0; i < 200; i++) {
      if (await page.evaluate(expression)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${expression}`);
  }
  const hashOf = async (page: Page) => decodeURIComponent(String(await page.evaluate('location.hash')));

  it('renders every finding, makes no network request and reports no script or CSP error', async () => {
    const { page, requests, blocked, errors } = await open();
    expect(await rows(page).count()).toBe(14);
    expect(await page.locator('#tg-count').textContent()).toBe('Showing 14 of 14 findings');
    // Expanding every finding renders evidence and remediation: still nothing may be fetched.
    for (let i = 0; i < 14; i++) await rows(page).nth(i).locator('.toggle').click();
    // All 14 are open (the hash lists them). The list is virtualised (12 rows of overscan): once the last
    // click has scrolled 13 open details down, the first row may leave the DOM, so the rendered details
    // are those of the open rows still rendered — each of them has its detail (flaky as "14 in the DOM").
    expect((await hashOf(page)).match(/open=([\d,]+)/)?.[1]?.split(',')).toHaveLength(14);
    const openRendered = await page.locator('tr.finding .toggle[aria-expanded="true"]').count();
    expect(openRendered).toBeGreaterThanOrEqual(12);
    expect(await page.locator('tr.detail').count()).toBe(openRendered);
    for (const raw of await page.locator('details.raw > summary').all()) await raw.click();
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(blocked).toEqual([]);
    expect(requests).toEqual([fileUrl]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows hostile names as text, never runs them, and shows a bidi override as an escape', async () => {
    const { page, dialogs } = await open();
    expect(await names(page)).toContain(SCRIPT_BUCKET);
    await rows(page).filter({ hasText: SCRIPT_BUCKET }).click();
    const detail = page.locator('tr.detail');
    await detail.locator('details.raw > summary').click();
    expect(await detail.locator('details.raw pre').textContent()).toContain(
      '</script><script>window.__pwned=1</script>',
    );
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // Only the report's own two script elements exist: nothing from the data became an element.
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // U+202E would show "invoice-exe.png"; the cell shows the escape instead, and no raw override anywhere.
    expect(await names(page)).toContain('invoice-\\u202egnp.exe');
    const bodyText = String(await page.evaluate('document.body.innerText'));
    expect(bodyText).not.toContain('\u202E');
    await page.fill('#tg-search', 'invoice');
    await rows(page).first().click();
    expect(await page.locator('tr.detail .message').textContent()).toContain('invoice-\\u202egnp.exe');
    await page.close();
  });

  it('summary numbers equal the JSON report: cards, by severity, by rule, by account', async () => {
    const { page } = await open();
    const s = fixture.summary;
    const card = async (status: string) =>
      Number(await page.locator(`.card[data-status="${status}"] .n`).textContent());
    expect(await card('NON_COMPLIANT')).toBe(s.NON_COMPLIANT); // a suppressed finding counts only as suppressed
    expect(await card('SUPPRESSED')).toBe(s.suppressed);
    expect(await card('UNDETERMINED')).toBe(s.UNDETERMINED);
    expect(await card('COMPLIANT')).toBe(s.COMPLIANT);
    expect(await card('NOT_APPLICABLE')).toBe(s.NOT_APPLICABLE);
    const shown = (f: Finding) => (f.suppressed ? 'SUPPRESSED' : f.status);
    const expected = (key: (f: Finding) => string | null | undefined) => {
      const out: Record<string, [number, number, number]> = {};
      for (const f of fixture.findings) {
        const k = key(f);
        if (!k) continue;
        out[k] ??= [0, 0, 0];
        const t = out[k];
        if (shown(f) === 'NON_COMPLIANT') t[0] += 1;
        if (shown(f) === 'UNDETERMINED') t[1] += 1;
        t[2] += 1;
      }
      return out;
    };
    const table = async (id: string) => {
      const out: Record<string, [number, number, number]> = {};
      for (const tr of await page.locator(`#${id} tbody tr`).all()) {
        const value = String(await tr.locator('button').getAttribute('data-value'));
        const n = (await tr.locator('td.num').allTextContents()).map(Number);
        out[value] = [n[0] ?? -1, n[1] ?? -1, n[2] ?? -1];
      }
      return out;
    };
    expect(await table('tg-by-severity')).toEqual(expected((f) => f.severity));
    expect(await table('tg-by-rule')).toEqual(expected((f) => f.ruleId));
    expect(await table('tg-by-account')).toEqual(expected((f) => f.resource.account));
    // The account name the report carries (an account finding) is shown beside the id.
    expect(await page.locator('#tg-by-account').textContent()).toContain('333333333333 (sandbox)');
    // A row of a breakdown filters the table.
    await page.click('#tg-by-rule button[data-value="aws-cloudtrail-bucket-access-logging"]');
    expect(await rows(page).count()).toBe(
      fixture.findings.filter((f) => f.ruleId === 'aws-cloudtrail-bucket-access-logging').length,
    );
    await page.close();
  });

  it('filters by status, severity, rule, account, region and free text', async () => {
    const { page } = await open();
    await page.selectOption('#tg-status', 'NON_COMPLIANT');
    expect(await rows(page).count()).toBe(5);
    expect(await page.locator('#tg-count').textContent()).toBe('Showing 5 of 14 findings');
    await page.selectOption('#tg-status', 'SUPPRESSED');
    expect(await names(page)).toEqual(['dev-scratch']);
    await page.click('#tg-clear');
    await page.selectOption('#tg-severity', 'medium');
    expect(await rows(page).count()).toBe(fixture.findings.filter((f) => f.severity === 'medium').length);
    await page.click('#tg-clear');
    await page.selectOption('#tg-rule', 'aws-cloudtrail-bucket-access-logging');
    await page.selectOption('#tg-account', '222222222222');
    expect(await names(page)).toEqual(['ct-logs-222222222222']);
    await page.click('#tg-clear');
    await page.selectOption('#tg-region', 'eu-west-1');
    expect((await names(page)).sort()).toEqual(
      ['=HYPERLINK("http://evil.example/","click")', '@SUM(1+1)', 'ct-logs-222222222222'].sort(),
    );
    await page.click('#tg-clear');
    await page.fill('#tg-search', 'payments');
    expect(await names(page)).toEqual(['payments-raw']);
    await page.fill('#tg-search', 'main.tf');
    expect(await names(page)).toEqual(['tf-trail-logs']);
    // Several words: every one must match (here the account of one and the reason text of another field).
    await page.fill('#tg-search', '222222222222 disabled');
    expect((await names(page)).sort()).toEqual(['=HYPERLINK("http://evil.example/","click")', 'dev-scratch']);
    await page.fill('#tg-search', 'no such thing anywhere');
    expect(await rows(page).count()).toBe(0);
    expect(await page.locator('td.empty').isVisible()).toBe(true);
    await page.fill('#tg-search', '');
    // A summary card filters by its status, and a second click clears it.
    await page.click('.card[data-status="UNDETERMINED"]');
    expect((await names(page)).sort()).toEqual(['org-ct-logs', 'payments-raw']);
    await page.click('.card[data-status="UNDETERMINED"]');
    expect(await rows(page).count()).toBe(14);
    await page.close();
  });

  it('keeps filters, sort and expanded findings in the URL hash and restores them on load', async () => {
    const first = await open();
    await first.page.selectOption('#tg-status', 'NON_COMPLIANT');
    await first.page.selectOption('#tg-account', '222222222222');
    await first.page.fill('#tg-search', 'eu-west');
    await first.page.click('th[data-sort="resource"] .sort');
    await first.page.click('th[data-sort="resource"] .sort');
    await rows(first.page).first().click();
    const hash = await first.page.evaluate('location.hash');
    expect(await hashOf(first.page)).toMatch(
      /^#status=NON_COMPLIANT&account=222222222222&q=eu-west&sort=resource:desc&open=\d+$/,
    );
    const shownBefore = await names(first.page);
    expect(shownBefore).toEqual(['@SUM(1+1)', '=HYPERLINK("http://evil.example/","click")']);
    await first.page.close();

    const second = await open({ hash: String(hash) });
    expect(await second.page.inputValue('#tg-status')).toBe('NON_COMPLIANT');
    expect(await second.page.inputValue('#tg-account')).toBe('222222222222');
    expect(await second.page.inputValue('#tg-search')).toBe('eu-west');
    expect(await second.page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('descending');
    expect(await names(second.page)).toEqual(shownBefore);
    expect(await second.page.locator('tr.detail').count()).toBe(1);
    expect(
      await second.page.evaluate(
        "document.querySelector('tr.detail').previousElementSibling.querySelector('.res').textContent",
      ),
    ).toBe(shownBefore[0]);
    // Editing the hash by hand (a pasted link) changes the view too; unknown values are ignored.
    await second.page.evaluate("location.hash = '#severity=medium&rule=no-such-rule'");
    await until(second.page, "document.getElementById('tg-severity').value === 'medium'");
    expect(await second.page.inputValue('#tg-rule')).toBe('');
    expect(await rows(second.page).count()).toBe(
      fixture.findings.filter((f) => f.severity === 'medium').length,
    );
    await second.page.close();
  });

  it('hides an expanded finding that no longer matches the filter (no orphan detail panel)', async () => {
    const { page } = await open();
    await rows(page).filter({ hasText: 'payments-raw' }).click();
    expect(await page.locator('tr.detail').count()).toBe(1);
    await page.selectOption('#tg-status', 'COMPLIANT');
    expect(await names(page)).not.toContain('payments-raw');
    expect(await page.locator('tr.detail').count()).toBe(0);
    expect(await page.locator('text=ACCESS_DENIED').count()).toBe(0);
    await page.fill('#tg-search', 'zzz-nothing');
    expect(await page.locator('tr.detail').count()).toBe(0);
    // Back in the view, it is still open where it belongs: right after its own row.
    await page.click('#tg-clear');
    const detail = page.locator('tr.detail');
    expect(await detail.count()).toBe(1);
    expect(
      await page.evaluate(
        "document.querySelector('tr.detail').previousElementSibling.querySelector('.res').textContent",
      ),
    ).toBe('payments-raw');
    await page.close();
  });

  it('sorts by a column, both ways', async () => {
    const { page } = await open();
    await page.click('th[data-sort="resource"] .sort');
    const ascending = await names(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('ascending');
    await page.click('th[data-sort="resource"] .sort');
    expect(await names(page)).toEqual([...ascending].reverse());
    await page.click('th[data-sort="account"] .sort');
    const accounts = await rows(page).locator('td.acct .mono').allTextContents();
    expect(accounts.slice(0, 4)).toEqual(['111111111111', '111111111111', '111111111111', '111111111111']);
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBeNull();
    await page.close();
  });

  it('expands a finding: labelled evidence, raw JSON one click away, related trails, remediation', async () => {
    const { page } = await open();
    const row = rows(page).filter({ hasText: 'ct-logs-222222222222' });
    await row.locator('.toggle').click();
    expect(await row.locator('.toggle').getAttribute('aria-expanded')).toBe('true');
    const detail = page.locator('tr.detail');
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('server access logging is enabled and deliverable');
    expect(text).toContain('SELF_TARGET');
    expect(text).toContain('arn:aws:cloudtrail:eu-west-1:222222222222:trail/audit');
    expect(text).toContain('CIS AWS Foundations Benchmark 3.0.0 · 3.4');
    // Evidence as fields; the raw JSON is hidden until its summary is clicked.
    const fields = await detail.locator('dl.evidence dt').allTextContents();
    expect(fields).toEqual(['Logging › Target bucket', 'Logging › Target prefix', 'Trail is logging']);
    expect(await detail.locator('dl.evidence dd').allTextContents()).toEqual([
      'ct-logs-222222222222',
      'self/',
      'no',
    ]);
    expect(await detail.locator('details.raw pre').isVisible()).toBe(false);
    await detail.locator('details.raw > summary').click();
    expect(await detail.locator('details.raw pre').textContent()).toContain('"trailIsLogging": false');
    expect(await detail.locator('.tabpanel:not([hidden])').textContent()).toContain('Open the S3 console');
    await detail.getByRole('tab', { name: 'Terraform' }).click();
    expect(await detail.locator('.tabpanel:not([hidden]) pre').textContent()).toContain(
      'aws_s3_bucket_logging',
    );
    // Clicking inside the details (here, a tab) did not fold the row; clicking the row does.
    expect(await detail.isVisible()).toBe(true);
    await row.click();
    expect(await page.locator('tr.detail').count()).toBe(0);
    // Compliance tags do not wrap inside their chips.
    await row.click();
    const chipHeights = await page.evaluate(
      "[...document.querySelectorAll('tr.detail .chip')].map((c) => c.getBoundingClientRect().height)",
    );
    expect(Math.max(...(chipHeights as number[]))).toBeLessThan(26);
    await page.close();
  });

  it("shows the fix for this bucket: the planner's exact CLI commands for its account, Region and target", async () => {
    const { page } = await open();
    await rows(page).filter({ hasText: 'ct-logs-111111111111' }).click();
    const detail = page.locator('tr.detail');
    const tab = detail.getByRole('tab', { name: 'This bucket' });
    expect(await tab.getAttribute('aria-selected')).toBe('true');
    const panel = detail.locator('.tabpanel:not([hidden])');
    expect(await panel.locator('.plan > p').first().textContent()).toContain(
      "Send ct-logs-111111111111's access logs to 111111111111-us-east-1-s3-access-logs",
    );
    const script = String(await panel.locator('pre').textContent());
    expect(script).toContain(
      'aws s3api create-bucket --bucket 111111111111-us-east-1-s3-access-logs --region us-east-1',
    );
    expect(script).toContain('"aws:SourceArn": "arn:aws:s3:::ct-logs-111111111111"');
    expect(script).toContain('aws s3api put-bucket-logging --bucket ct-logs-111111111111 --region us-east-1');
    expect(await panel.locator('code').last().textContent()).toBe(
      'trailguard fix --account 111111111111 --bucket ct-logs-111111111111',
    );
    // A finding the planner does not fix (a Terraform one) has the rule's generic steps only.
    await rows(page).filter({ hasText: 'tf-trail-logs' }).click();
    const tf = page.locator('tr.detail', { hasText: 'tf-trail-logs' });
    expect(await tf.getByRole('tab', { name: 'This bucket' }).count()).toBe(0);
    await page.close();
  });

  it('shows one line per finding at 1400 px, long names cut with the full text in the title', async () => {
    const { page } = await open();
    const heights = (await page.evaluate(
      "[...document.querySelectorAll('tr.finding')].map((r) => r.getBoundingClientRect().height)",
    )) as number[];
    expect(Math.max(...heights)).toBeLessThan(40);
    const long = rows(page).filter({ hasText: 'HYPERLINK' }).locator('td.res-cell');
    expect(await long.getAttribute('title')).toContain('=HYPERLINK("http://evil.example/","click")');
    await page.close();
  });

  it('prints a compact table plus the failing findings in detail (51 findings: few pages)', async () => {
    const big = bigReport(51);
    const url = await writeReport('print-51.html', big);
    const { page, errors } = await open({ url });
    await page.emulateMedia({ media: 'print' });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    const failing = big.findings.filter((f) => f.status === 'NON_COMPLIANT' && !f.suppressed).length;
    expect(await page.locator('#tg-print-view .print-table tbody tr').count()).toBe(51);
    expect(await page.locator('#tg-print-view .print-item').count()).toBe(failing);
    expect(await page.locator('.findings-panel').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`[html-report] 51 findings (${failing} failing) print on ${pages} A4 pages`);
    expect(pages).toBeGreaterThan(1);
    expect(pages).toBeLessThanOrEqual(15); // 12 with Debian Chromium's fonts (the demo's 51 printed on 165 pages with every finding expanded)
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders only the visible window of a 20,000-finding report, scrolls to the end and searches', async () => {
    const big = bigReport(20_000);
    const url = await writeReport('big.html', big);
    const started = performance.now();
    const { page, errors } = await open({ url });
    const loadMs = performance.now() - started;
    expect(await rows(page).count()).toBeLessThan(120);
    await page.evaluate("document.getElementById('tg-scroll').scrollTop = 1e9");
    await until(
      page,
      "[...document.querySelectorAll('tr.finding .res')].some((e) => e.textContent.endsWith('-19999'))",
    );
    const t0 = performance.now();
    await page.fill('#tg-search', String(big.findings[12_345]?.resource.name));
    expect(await page.locator('#tg-count').textContent()).toBe('Showing 1 of 20000 findings');
    const searchMs = performance.now() - t0;
    console.log(
      `[html-report] 20,000 findings: loaded in ${loadMs.toFixed(0)} ms, search answered in ${searchMs.toFixed(0)} ms`,
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches theme, and saves light and dark screenshots at 1400 and 420 px', async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    for (const width of [1400, 420]) {
      const light = await open({ width });
      await rows(light.page).first().click();
      const lightBackground = await light.page.evaluate(BODY_BACKGROUND);
      await light.page.screenshot({
        path: new URL(`html-report-light-${width}.png`, OUTPUT_DIR).pathname,
        fullPage: true,
      });
      await light.page.click('#tg-theme');
      expect(await light.page.getAttribute('html', 'data-theme')).toBe('dark');
      expect(await light.page.evaluate(BODY_BACKGROUND)).not.toBe(lightBackground);
      // Nothing sticks out of the page sideways (the table scrolls inside its own box).
      expect(await light.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      await light.page.close();

      const dark = await open({ colorScheme: 'dark', width });
      await rows(dark.page).filter({ hasText: SCRIPT_BUCKET }).click();
      expect(await dark.page.evaluate(BODY_BACKGROUND)).toBe('rgb(14, 17, 22)');
      await dark.page.screenshot({
        path: new URL(`html-report-dark-${width}.png`, OUTPUT_DIR).pathname,
        fullPage: true,
      });
      await dark.page.close();
    }
    expect(existsSync(new URL('html-report-dark-420.png', OUTPUT_DIR))).toBe(true);
  });
});
