/**
 * The HTML report in a real browser: headless Debian Chromium driven by playwright-core. Skipped, with
 * a message, only when /usr/bin/chromium is not installed (CI installs it with apt-get).
 * Screenshots (light and dark) go to test-output/ for a human to look at.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

interface Session {
  page: Page;
  requests: string[];
  dialogs: string[];
  errors: string[];
}

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  let browser: Browser;
  let fileUrl: string;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, html(fixtureReport(), OPTIONS));
    fileUrl = pathToFileURL(file).href;
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

  async function open(colorScheme: 'light' | 'dark' = 'light'): Promise<Session> {
    const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, colorScheme });
    const session: Session = { page, requests: [], dialogs: [], errors: [] };
    page.on('request', (request) => session.requests.push(request.url()));
    page.on('dialog', (dialog) => {
      session.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => session.errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') session.errors.push(message.text());
    });
    await page.goto(fileUrl);
    await page.waitForSelector('html[data-ready="true"]');
    return session;
  }

  const visibleRows = (page: Page) => page.locator('tr.finding:not(.is-filtered)');
  const visibleNames = (page: Page) => visibleRows(page).locator('.res').allTextContents();

  it('renders every finding, makes no network request and reports no script error', async () => {
    const { page, requests, errors } = await open();
    expect(await visibleRows(page).count()).toBe(13);
    expect(await page.locator('#tg-count').textContent()).toBe('Showing 13 of 13 findings');
    // Expanding every finding renders evidence and remediation: still nothing may be fetched.
    for (const toggle of await page.locator('tr.finding .toggle').all()) await toggle.click();
    expect(await page.locator('tr.detail.open').count()).toBe(13);
    expect(requests).toEqual([fileUrl]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a hostile bucket name as text and never runs it', async () => {
    const { page, dialogs } = await open();
    expect(await visibleNames(page)).toContain(SCRIPT_BUCKET);
    await page.locator('tr.finding', { hasText: SCRIPT_BUCKET }).click();
    const detail = page.locator('tr.detail.open');
    expect(await detail.locator('pre').textContent()).toContain('</script><script>window.__pwned=1</script>');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // Only the report's own two script elements exist: nothing from the data became an element.
    expect(await page.locator('script').count()).toBe(2);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('filters by status, rule, account, region and free text', async () => {
    const { page } = await open();
    await page.selectOption('#tg-status', 'NON_COMPLIANT');
    expect(await visibleRows(page).count()).toBe(5);
    expect(await page.locator('#tg-count').textContent()).toBe('Showing 5 of 13 findings');
    await page.selectOption('#tg-status', 'SUPPRESSED');
    expect(await visibleNames(page)).toEqual(['dev-scratch']);
    await page.click('#tg-clear');
    await page.selectOption('#tg-rule', 'aws-cloudtrail-bucket-access-logging');
    await page.selectOption('#tg-account', '222222222222');
    expect(await visibleNames(page)).toEqual(['ct-logs-222222222222']);
    await page.click('#tg-clear');
    await page.selectOption('#tg-region', 'eu-west-1');
    expect((await visibleNames(page)).sort()).toEqual(
      ['=HYPERLINK("http://evil.example/","click")', '@SUM(1+1)', 'ct-logs-222222222222'].sort(),
    );
    await page.click('#tg-clear');
    await page.fill('#tg-search', 'payments');
    expect(await visibleNames(page)).toEqual(['payments-raw']);
    await page.fill('#tg-search', 'main.tf');
    expect(await visibleNames(page)).toEqual(['tf-trail-logs']);
    await page.fill('#tg-search', 'no such thing anywhere');
    expect(await visibleRows(page).count()).toBe(0);
    expect(await page.locator('td.empty').isVisible()).toBe(true);
    await page.fill('#tg-search', '');
    // A summary card filters by its status, and a second click clears it.
    await page.click('.card[data-status="UNDETERMINED"]');
    expect((await visibleNames(page)).sort()).toEqual(['org-ct-logs', 'payments-raw']);
    await page.click('.card[data-status="UNDETERMINED"]');
    expect(await visibleRows(page).count()).toBe(13);
    await page.close();
  });

  it('sorts by a column, both ways', async () => {
    const { page } = await open();
    await page.click('th[data-sort="resource"] .sort');
    const ascending = await visibleNames(page);
    expect(ascending).toEqual([...ascending].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1)));
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBe('ascending');
    await page.click('th[data-sort="resource"] .sort');
    expect(await visibleNames(page)).toEqual([...ascending].reverse());
    await page.click('th[data-sort="account"] .sort');
    const accounts = await visibleRows(page).locator('td:nth-child(6)').allTextContents();
    expect(accounts.slice(0, 4)).toEqual(['111111111111', '111111111111', '111111111111', '111111111111']);
    expect(await page.getAttribute('th[data-sort="resource"]', 'aria-sort')).toBeNull();
    await page.close();
  });

  it('expands a finding with reason, warnings, evidence, related trails and remediation', async () => {
    const { page } = await open();
    const row = page.locator('tr.finding', { hasText: 'ct-logs-222222222222' });
    await row.locator('.toggle').click();
    expect(await row.locator('.toggle').getAttribute('aria-expanded')).toBe('true');
    const detail = page.locator('tr.detail.open');
    const text = (await detail.textContent()) ?? '';
    expect(text).toContain('server access logging is enabled and deliverable');
    expect(text).toContain('SELF_TARGET');
    expect(text).toContain('arn:aws:cloudtrail:eu-west-1:222222222222:trail/audit');
    expect(text).toContain('"trailIsLogging": false');
    expect(text).toContain('CIS AWS Foundations Benchmark 3.0.0 · 3.4');
    expect(await detail.locator('.tabpanel:not([hidden])').textContent()).toContain('Open the S3 console');
    await detail.getByRole('tab', { name: 'Terraform' }).click();
    expect(await detail.locator('.tabpanel:not([hidden]) pre').textContent()).toContain(
      'aws_s3_bucket_logging',
    );
    // Clicking inside the details (here, a tab) did not fold the row; clicking the row does.
    expect(await detail.isVisible()).toBe(true);
    await row.click();
    expect(await page.locator('tr.detail.open').count()).toBe(0);
    await page.close();
  });

  it('switches theme, prints expanded, and saves light and dark screenshots', async () => {
    await mkdir(OUTPUT_DIR, { recursive: true });
    const light = await open('light');
    await light.page.locator('tr.finding').first().click();
    const background = () => light.page.evaluate(BODY_BACKGROUND);
    const lightBackground = await background();
    await light.page.screenshot({
      path: new URL('html-report-light.png', OUTPUT_DIR).pathname,
      fullPage: true,
    });
    await light.page.click('#tg-theme');
    expect(await light.page.getAttribute('html', 'data-theme')).toBe('dark');
    expect(await background()).not.toBe(lightBackground);
    // Print media shows every finding's details, even those never opened.
    await light.page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    await light.page.emulateMedia({ media: 'print' });
    const shown = await light.page.evaluate(
      "[...document.querySelectorAll('tr.detail')].filter((r) => getComputedStyle(r).display === 'table-row').length",
    );
    expect(shown).toBe(13);
    expect(await light.page.locator('.filters').isVisible()).toBe(false);
    await light.page.close();

    const dark = await open('dark');
    await dark.page.locator('tr.finding', { hasText: SCRIPT_BUCKET }).click();
    expect(await dark.page.evaluate(BODY_BACKGROUND)).toBe('rgb(14, 17, 22)');
    await dark.page.screenshot({
      path: new URL('html-report-dark.png', OUTPUT_DIR).pathname,
      fullPage: true,
    });
    await dark.page.close();
    expect(existsSync(new URL('html-report-dark.png', OUTPUT_DIR))).toBe(true);
  });
});
