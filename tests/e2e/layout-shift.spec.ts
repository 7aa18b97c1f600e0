import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Cumulative layout shift of an article on a phone, loaded roughly as Lighthouse's mobile run does:
 * a 412 px wide screen, a slow CPU and a slow network. The slow network matters: the browser paints
 * a long page before the end of its HTML has arrived, so anything that arrives late and lands above
 * what is already painted moves it (the table of contents once did: CLS 0.398). Network throttling
 * alone made that depend on timing, so the HTML comes through a proxy that sends it in pieces with
 * a pause after each: the browser paints between them every time.
 */
const ARTICLE = '/articles/errgroup-package';
const LIMIT = 0.05;

test.use({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });

interface Shift {
  value: number;
  at: number;
  sources: string[];
}

async function recordShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: { value: number; at: number; sources: string[] }[] = [];
    (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] }[]) {
        if (entry.hadRecentInput) continue; // CLS leaves out shifts a reader caused
        const describe = (node?: Node | null) => (node instanceof Element ? `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.classList.length ? `.${[...node.classList].join('.')}` : ''}` : String(node?.nodeName));
        shifts.push({ value: entry.value, at: Math.round(entry.startTime), sources: (entry.sources ?? []).map((s) => describe(s.node)) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

const PIECE_BYTES = 48 * 1024;
const PAUSE_MS = 600;

/** A proxy to the server under test that sends HTML documents slowly, in pieces, and everything else as is. */
async function slowHtmlProxy(target: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'accept-encoding'].includes(name)) as [string, string][]);
    const upstream = await fetch(new URL(req.url ?? '/', target), { headers, redirect: 'manual' });
    const body = Buffer.from(await upstream.arrayBuffer());
    const passed = [...upstream.headers].filter(([name]) => !['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'].includes(name));
    res.writeHead(upstream.status, Object.fromEntries(passed));
    if (!upstream.headers.get('content-type')?.startsWith('text/html')) return void res.end(body);
    for (let at = 0; at < body.length; at += PIECE_BYTES) {
      res.write(body.subarray(at, at + PIECE_BYTES));
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const shiftsOf = (page: Page) => page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
const total = (shifts: Shift[]) => shifts.reduce((sum, s) => sum + s.value, 0);

test('an article on a phone loads without layout shift', async ({ page, baseURL }) => {
  const proxy = await slowHtmlProxy(baseURL!);
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await recordShifts(page);
    await page.goto(`${proxy.origin}${ARTICLE}`, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1_000); // hydration effects and late fonts, after the last request
    const shifts = await shiftsOf(page);
    expect(total(shifts), `layout shifts while loading: ${JSON.stringify(shifts)}`).toBeLessThanOrEqual(LIMIT);
  } finally {
    await proxy.close();
  }
});

test('the playground does not move the page when its editor takes over', async ({ page }) => {
  await recordShifts(page);
  await page.goto(ARTICLE);
  const pg = page.locator('[data-playground-id="errgroup"]');
  await pg.scrollIntoViewIfNeeded();
  await expect(pg.locator('.cm-content')).toBeVisible();
  await page.waitForTimeout(500);
  const shifts = await shiftsOf(page);
  expect(total(shifts), `layout shifts: ${JSON.stringify(shifts)}`).toBeLessThanOrEqual(LIMIT);
});
