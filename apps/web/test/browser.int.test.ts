import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barSeries, nextBar } from './bars.js';
import { createWebStack, type WebStack } from './stack-web.js';

// End to end in Debian's real headless Chromium, driven by playwright-core (no browser
// download: the browser comes from apt, installed by scripts/ensure-chromium.sh when missing).
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT = join(repoRoot, 'docs', 'images', 'web-view.png');

const start = '2026-01-05T14:30:00Z';
const series = {
  ZAAA: barSeries({ symbol: 'ZAAA', start, minutes: 120, open: 104, prevClose: 100, drift: 0.0004, seed: 21 }),
  ZBBB: barSeries({ symbol: 'ZBBB', start, minutes: 60, open: 90, prevClose: 100, drift: -0.0002, seed: 22 }),
  ZCCC: barSeries({ symbol: 'ZCCC', start, minutes: 60, open: 101, prevClose: 100, drift: 0, seed: 23 }),
  ZDDD: barSeries({ symbol: 'ZDDD', start, minutes: 37, open: 250, prevClose: 240, drift: 0.0003, seed: 24 }),
  ZEEE: barSeries({ symbol: 'ZEEE', start, minutes: 60, open: 33, prevClose: 36, drift: -0.0001, seed: 25 }),
};
const last = Object.fromEntries(Object.entries(series).map(([s, bars]) => [s, bars.at(-1)!]));
const COLOURS = { Bullish: 'rgb(38, 166, 154)', Bearish: 'rgb(239, 83, 80)', Neutral: 'rgb(154, 164, 177)' };

let stack: WebStack;
let context: BrowserContext;
let page: Page;
let profile: string;

beforeAll(async () => {
  execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-chromium.sh')], { stdio: 'inherit' });
  stack = await createWebStack();
  await stack.index(Object.values(series).flat());
  await stack.publish('latest', Object.values(last));
  await stack.startWeb();
  profile = mkdtempSync(join(tmpdir(), 'marketfeed-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 820 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = context.pages()[0] ?? (await context.newPage());
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await stack?.cleanup();
});

describe('the web view in a real Chromium', () => {
  it('lists the symbols on the board with their indicator colours', async () => {
    await page.goto(`${stack.web.url}/#ZAAA`);
    await page.waitForSelector('#board tbody tr[data-symbol="ZEEE"]', { timeout: 20_000 });
    const rows = await page.$$eval('#board tbody tr', (trs) =>
      trs.map((tr) => {
        const cell = tr.querySelector('td.indicator') as HTMLElement;
        return {
          symbol: tr.getAttribute('data-symbol'),
          indicator: cell.textContent,
          colour: getComputedStyle(cell).color,
        };
      }),
    );
    expect(rows.map((r) => r.symbol)).toEqual(Object.keys(series));
    for (const row of rows) {
      const expected = last[row.symbol!]!.indicator;
      expect(row).toMatchObject({ indicator: expected, colour: COLOURS[expected] });
    }
    expect(new Set(rows.map((r) => r.indicator))).toEqual(new Set(['Bullish', 'Bearish', 'Neutral']));
  });

  it("shows the symbol's candles from history", async () => {
    await page.waitForFunction(
      (n) => Number(document.querySelector('#chart-status')?.getAttribute('data-candles')) >= n,
      series.ZAAA.length,
      { timeout: 20_000 },
    );
    expect(await page.locator('#chart canvas').count()).toBeGreaterThan(0);
  });

  it('shows a bar published during the test within a few seconds', async () => {
    const close = Math.round(last.ZAAA!.close * 1.004 * 100) / 100;
    const live = nextBar(last.ZAAA!, close);
    await stack.publish('enriched', [live]);
    await page.waitForFunction(
      (ts) => document.querySelector('#chart-status')?.getAttribute('data-last-timestamp') === ts,
      live.timestamp,
      { timeout: 5_000 },
    );
    await expect
      .poll(() => page.locator('#board tbody tr[data-symbol="ZAAA"] td').nth(1).textContent(), { timeout: 5_000 })
      .toBe(close.toFixed(2));
    mkdirSync(join(repoRoot, 'docs', 'images'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
  });

  it('sorts the board by a column and opens a symbol on click', async () => {
    await page.click('#board th[data-key="changePct"]');
    await page.click('#board th[data-key="changePct"]');
    const order = await page.$$eval('#board tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-symbol')));
    const expected = Object.values(last)
      .sort((a, b) => (b.changePct ?? 0) - (a.changePct ?? 0))
      .map((b) => b.symbol);
    expect(order).toEqual(expected);
    await page.click('#board tbody tr[data-symbol="ZBBB"]');
    await page.waitForFunction(() => document.querySelector('#chart-symbol')?.textContent === 'ZBBB');
    await page.waitForFunction(
      (n) => Number(document.querySelector('#chart-status')?.getAttribute('data-candles')) === n,
      series.ZBBB.length,
      { timeout: 20_000 },
    );
  });
});
