import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCloseInline } from '../../jobs/inlineRunner';
import { DEFAULT_CONFIG } from '../../src/app/config';
import type { PartnerStatement } from '../../src/domain/bills/partnerStatement';
import { sumDecimals } from '../../src/domain/money/exactDecimal';
import { formatExact } from '../../src/domain/money/rounding';
import { formatAmount } from '../../src/domain/statements/html/formatAmount';
import { reckonAsync } from '../helpers/spawnReckon';
import { makeTempDir } from '../helpers/tempDir';
import { openTestDatabase, testPostgresUrl } from '../helpers/testDatabase';
import { findBrowser, INSTALL_BROWSER_HINT } from '../../src/adapters/output/printPdf';

/**
 * The demo's dashboard and statement pages in a real browser (Chromium, headless): no console
 * error, no network request, the figures shown are the JSON's, every chart bar plots the sum of
 * its month's bills, every link leads to a file, and printing to PDF works. Screenshots and the
 * PDF are kept under test-artifacts/ to look at. The pages do not depend on the store, so this
 * runs in the SQLite pass only.
 */
const DEMO = join(__dirname, '../../fixtures/demo');
const ARTIFACTS = resolve(__dirname, '../../test-artifacts');
const PERIODS = ['2026-08', '2026-09', '2026-10'];
const executable = findBrowser();
const NO_BROWSER_MESSAGE = `no Chromium found: ${INSTALL_BROWSER_HINT}`;
const required = process.env.RECKON_REQUIRE_BROWSER === '1';

describe.skipIf(Boolean(testPostgresUrl()))('pages in a real browser', () => {
  if (executable === undefined) {
    if (required) it('needs a browser', () => { throw new Error(NO_BROWSER_MESSAGE); });
    else it.skip(`skipped: ${NO_BROWSER_MESSAGE}`, () => undefined);
    return;
  }

  const temp = makeTempDir('browser-pages');
  const out = join(temp.dir, 'out');
  const rev = (period: string) => join(out, period, 'rev-1');
  let browser: Browser;

  beforeAll(async () => {
    const store = await openTestDatabase('browser-pages');
    try {
      for (const period of PERIODS) {
        const outcome = await runCloseInline(
          { period, inputDir: join(DEMO, period), outDir: out },
          { db: store.db, config: DEFAULT_CONFIG, now: () => '2026-11-05T04:00:00.000Z', progress: () => undefined },
        );
        expect(outcome.status).toBe('closed');
      }
    } finally {
      await store.cleanup();
    }
    try {
      browser = await chromium.launch({ executablePath: executable, args: ['--no-sandbox'] });
    } catch (error) {
      throw new Error(`${executable} could not be started (${(error as Error).message.split('\n')[0]}): ${NO_BROWSER_MESSAGE}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    temp.cleanup();
  });

  /** Opens a page with every request that is not a local file refused and counted, and console errors collected. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      problems.push(`network request: ${url}`);
      return route.abort();
    });
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
    return { page, problems };
  }

  const partnerJson = (period: string, htmlPath: string): PartnerStatement =>
    JSON.parse(readFileSync(join(rev(period), htmlPath.replace(/\.html$/, '.json')), 'utf8')) as PartnerStatement;

  it('the dashboard shows each partner bill as its JSON has it, and links every statement', async () => {
    const { page, problems } = await open(join(rev('2026-10'), 'index.html'));
    const rows = await page.$$eval('section:first-of-type tbody tr', (trs) => trs.map((tr) => ({
      href: tr.querySelector('a')?.getAttribute('href') ?? '',
      cells: Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''),
    })));
    const partnerFiles = readdirSync(join(rev('2026-10'), 'partners'), { recursive: true }).filter((f) => /statement(\.[A-Z]+)?\.json$/.test(String(f)));
    expect(rows).toHaveLength(partnerFiles.length);
    for (const row of rows) {
      const s = partnerJson('2026-10', row.href);
      expect(row.cells.slice(0, 3)).toEqual([s.partner_id, s.partner_name, s.currency]);
      expect(row.cells.slice(3, 8)).toEqual([s.totals.consumption, s.totals.refunds, s.totals.adjustments, s.totals.settlement, s.totals.amount_due].map(formatAmount));
    }
    const links = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBeGreaterThan(rows.length);
    for (const href of links) expect(existsSync(join(rev('2026-10'), decodeURIComponent(href.split('#')[0]!))), href).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-2026-10.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it("each chart bar plots the sum of its month's partner bills, at a height proportional to it", async () => {
    const { page, problems } = await open(join(rev('2026-10'), 'index.html'));
    const bars = await page.$$eval('svg[data-currency] rect.bar', (rects) => rects.map((r) => ({
      currency: r.closest('svg')!.getAttribute('data-currency')!,
      series: r.getAttribute('data-series')!, period: r.getAttribute('data-period')!, value: r.getAttribute('data-value')!,
      height: r.getBoundingClientRect().height,
    })));
    expect(bars.length).toBeGreaterThan(0);
    const expected = new Map<string, string[]>();
    for (const period of PERIODS) {
      for (const file of readdirSync(join(rev(period), 'partners'), { recursive: true }).map(String).filter((f) => /statement(\.[A-Z]+)?\.json$/.test(f))) {
        const s = JSON.parse(readFileSync(join(rev(period), 'partners', file), 'utf8')) as PartnerStatement;
        for (const series of ['consumption', 'refunds', 'amount_due'] as const) {
          const key = `${s.currency} ${period} ${series}`;
          expected.set(key, [...(expected.get(key) ?? []), s.totals[series]]);
        }
      }
    }
    expect(bars.map((b) => `${b.currency} ${b.period} ${b.series}`).sort()).toEqual([...expected.keys()].sort());
    for (const b of bars) expect(b.value, `${b.currency} ${b.period} ${b.series}`).toBe(formatExact(sumDecimals(expected.get(`${b.currency} ${b.period} ${b.series}`)!)));
    // One chart, one scale: every bar is as tall as its figure at the chart's scale (to the rounding of its coordinates).
    for (const currency of new Set(bars.map((b) => b.currency))) {
      const chart = bars.filter((b) => b.currency === currency);
      const tallest = chart.reduce((a, b) => (b.height > a.height ? b : a));
      const scale = tallest.height / Math.abs(Number(tallest.value));
      for (const b of chart) expect(Math.abs(b.height - scale * Math.abs(Number(b.value))), `${currency} ${b.period} ${b.series}`).toBeLessThan(0.6);
    }
    expect(problems).toEqual([]);
  });

  it('statement and manager pages open without error, show their figures, and print to PDF', async () => {
    const pages = [
      ...readdirSync(rev('2026-10'), { recursive: true }).map(String).filter((f) => f.endsWith('.html') && f !== 'index.html'),
    ].sort();
    expect(pages.some((p) => p.startsWith('partners/'))).toBe(true);
    expect(pages.some((p) => p.startsWith('merchants/'))).toBe(true);
    expect(pages.some((p) => p.startsWith('incentives/'))).toBe(true);
    expect(pages.some((p) => p.startsWith('managers/'))).toBe(true);
    const { page, problems } = await open(join(rev('2026-10'), pages[0]!));
    for (const path of pages) {
      await page.goto(pathToFileURL(join(rev('2026-10'), path)).href, { waitUntil: 'load' });
      const text = await page.textContent('body');
      if (path.startsWith('partners/')) {
        const s = partnerJson('2026-10', path);
        expect(text).toContain(formatAmount(s.totals.amount_due));
        expect(text).toContain(s.partner_name);
      }
      if (path.startsWith('managers/')) {
        // A customer manager sees consumption only: no bill total, coupon or incentive.
        expect(text).not.toMatch(/Amount due|Coupons|Incentive|代金券|激励/);
      }
    }
    expect(problems).toEqual([]);
    await page.goto(pathToFileURL(join(rev('2026-10'), 'partners/P-D01/statement.html')).href, { waitUntil: 'load' });
    await page.screenshot({ path: join(ARTIFACTS, 'statement-P-D01-2026-10.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);
    writeFileSync(join(ARTIFACTS, 'statement-P-D01-2026-10.pdf'), pdf);
  }, 120_000);

  it('`reckon pdf` prints a page beside it and leaves the issued files as they are', async () => {
    const dir = join(rev('2026-10'), 'partners/P-D01');
    const manifest = readFileSync(join(rev('2026-10'), 'manifest.json'), 'utf8');
    const r = await reckonAsync(['pdf', join(dir, 'statement.html')], { cwd: temp.dir, env: { RECKON_CHROMIUM: executable } });
    expect(r.stderr).toContain('printed 1 page(s) to PDF');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'statement.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(readFileSync(join(rev('2026-10'), 'manifest.json'), 'utf8')).toBe(manifest);
  }, 120_000);
});

describe('`reckon pdf` without a browser', () => {
  it('exits 1 with one line saying how to install one', async () => {
    const temp = makeTempDir('pdf-no-browser');
    try {
      writeFileSync(join(temp.dir, 'page.html'), '<!DOCTYPE html><p>x</p>');
      const r = await reckonAsync(['pdf', join(temp.dir, 'page.html')], { cwd: temp.dir, env: { RECKON_CHROMIUM: join(temp.dir, 'no-such-browser') } });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/could not be started .*apt-get install -y chromium/);
      const missing = await reckonAsync(['pdf', join(temp.dir, 'nothing-here')], { cwd: temp.dir });
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/does not exist/);
    } finally {
      temp.cleanup();
    }
  });
});
