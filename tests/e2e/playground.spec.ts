import type { CDPSession, Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { expect, seriousViolations, test } from './fixtures';

/**
 * The playgrounds in Chromium. Requests to stackblitz.com are aborted (fixtures.ts), so a
 * WebContainer never boots here: tests that are not about the runtime choice force the
 * in-browser sandbox with ?runtime=sandbox.
 */

const SANDBOX = '?runtime=sandbox';

function playground(page: Page, id: string): Locator {
  return page.locator(`.playground[data-playground-id="${id}"]`);
}

/** Scrolls the playground into view and waits for the interactive island (the editor) to load. */
async function open(page: Page, id: string): Promise<Locator> {
  const pg = playground(page, id);
  await pg.scrollIntoViewIfNeeded();
  await expect(pg.locator('.cm-content')).toBeVisible();
  return pg;
}

/** The terminal's whole buffer (the DOM shows only the visible rows). */
function output(pg: Locator): Promise<string> {
  return pg.locator('.pg-terminal').evaluate((el) => (el as HTMLElement & { gfgTerminalText: () => string }).gfgTerminalText());
}

function status(pg: Locator): Locator {
  return pg.getByRole('status');
}

async function replaceCode(page: Page, pg: Locator, code: string): Promise<void> {
  await pg.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(code);
  await expect(pg.locator('.cm-content')).toContainText(code.split('\n')[0]!.trim());
}

async function runAndWait(pg: Locator, done: RegExp, timeout = 15_000): Promise<string> {
  await pg.getByRole('button', { name: 'Run' }).click();
  await expect(status(pg)).toHaveText(done, { timeout });
  return output(pg);
}

/** The page answers a click at once: the Go original's tab opens, then the TypeScript one again. */
async function stillResponsive(pg: Locator): Promise<void> {
  const goTab = pg.getByRole('tab', { name: /main\.go/ });
  await goTab.click();
  await expect(goTab).toHaveAttribute('aria-selected', 'true', { timeout: 2_000 });
  await expect(pg.locator('.cm-content')).toContainText('package main', { timeout: 2_000 });
  await pg.getByRole('tab', { name: /main\.ts/ }).click();
}

test.describe('playgrounds run in the page', () => {
  test('errgroup runs on its article: milestones, exit code, timeline with a text alternative', async ({ page }) => {
    await page.goto(`/articles/errgroup-package${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    const text = await runAndWait(pg, /Exited with code 0/);
    expect(text).toMatch(/run 1: errgroup\.WithContext, SetLimit\(4\)/);
    expect(text).toMatch(/worker \d: task 5 failed, returns an error/);
    expect(text).toMatch(/generator: cancel observed/);
    expect(text).toMatch(/context\.Cause\(ctx\): worker \d: task 5 failed/);
    expect(text).toMatch(/run 2: zero-value errgroup\.Group/);
    expect(text).toMatch(/summary/);
    expect(text, 'trace sequences never reach the screen').not.toMatch(/7337|"kind":/);

    await expect(pg.locator('.pg-runtime-reason')).toContainText('in-browser sandbox, chosen with ?runtime= in the address');
    const timeline = pg.getByRole('figure', { name: /Timeline/ });
    await expect(timeline).toBeVisible();
    await expect(timeline.locator('.pg-lane')).toHaveCount(5);
    await expect(timeline.locator('.pg-span-cancelled').first()).toBeAttached();
    const rows = timeline.locator('table tbody tr');
    expect(await rows.count()).toBeGreaterThan(20);
    await expect(timeline.locator('table')).toContainText('cancel observed');
  });

  test('circuit breaker and singleflight run side by side on the FOX article', async ({ page }) => {
    test.slow();
    await page.goto(`/articles/resilient-api-platform-fox${SANDBOX}`);
    const breaker = await open(page, 'circuit-breaker');
    await breaker.getByRole('button', { name: 'Run' }).click();
    const flight = await open(page, 'singleflight');
    await flight.getByRole('button', { name: 'Run' }).click();

    await expect(status(flight)).toHaveText(/Exited with code 0/, { timeout: 15_000 });
    const sf = await output(flight);
    expect(sf).toMatch(/origin calls without singleflight: \d+/);
    expect(sf).toMatch(/origin calls with singleflight: \d+/);
    expect(sf).toMatch(/shared=true/);
    expect(sf).toMatch(/impatient caller: gave up after 50 ms: context deadline exceeded/);

    await expect(status(breaker)).toHaveText(/Exited with code 0/, { timeout: 20_000 });
    const cb = await output(breaker);
    const opened = cb.indexOf('state: closed -> open');
    const halfOpen = cb.indexOf('state: open -> half-open');
    const closed = cb.indexOf('state: half-open -> closed');
    expect(opened).toBeGreaterThan(-1);
    expect(halfOpen).toBeGreaterThan(opened);
    expect(closed).toBeGreaterThan(halfOpen);
    expect(cb).toMatch(/^ {2}fallback\s+\d+/m);
    expect(cb).toMatch(/^ {2}rejected\s+\d+/m);
  });

  test('an edit changes the output, survives a reload, and Reset restores the demo', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "console.log('hello from an edit', 6 * 7);\n");
    await expect(pg.getByRole('tab', { name: /main\.ts.*edited/ })).toBeVisible();
    await page.keyboard.press('ControlOrMeta+Enter'); // runs from the editor
    await expect(status(pg)).toHaveText(/Exited with code 0/);
    expect(await output(pg)).toContain('hello from an edit 42');

    await page.waitForTimeout(400); // edits are saved after a short pause
    await page.reload();
    const again = await open(page, 'errgroup');
    await expect(again.locator('.cm-content')).toContainText('hello from an edit');
    await again.getByRole('button', { name: 'Reset' }).click();
    await expect(again.locator('.cm-content')).toContainText('errgroup: a bounded pipeline that fails fast');
    await expect(again.getByRole('tab', { name: /edited/ })).toHaveCount(0);
  });

  test('Stop ends a long run', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "let n = 0;\nsetInterval(() => console.log('tick', ++n), 50);\n");
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => output(pg)).toContain('tick 3');
    await pg.getByRole('button', { name: 'Stop' }).click();
    await expect(status(pg)).toHaveText(/Stopped after/);
    const stopped = await output(pg);
    expect(stopped).toMatch(/Stopped\.$/);
    await page.waitForTimeout(300);
    expect(await output(pg), 'nothing runs after Stop').toBe(stopped);
    await expect(pg.getByRole('button', { name: 'Stop' })).toBeDisabled();
  });

  test('an infinite loop is ended at the time limit and the page stays responsive', async ({ page }) => {
    test.slow();
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "console.log('spinning');\nwhile (true) {}\n");
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect.poll(() => output(pg)).toContain('spinning');
    // While the loop spins, the page still answers.
    const goTab = pg.getByRole('tab', { name: /main\.go/ });
    await goTab.click();
    await expect(goTab).toHaveAttribute('aria-selected', 'true');
    await expect(pg.locator('.cm-content')).toContainText('package main');
    await expect(status(pg)).toHaveText(/Stopped at the time limit/, { timeout: 15_000 });
    expect(await output(pg)).toMatch(/ran longer than the [\d.]+ s time limit/);
    await pg.getByRole('tab', { name: /main\.ts/ }).click();
    await expect(pg.locator('.cm-content')).toContainText('spinning');
  });

  test('process.exit(3) and a deep recursion are reported in plain words, and the page stays usable', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "console.log('leaving early');\nprocess.exit(3);\nconsole.log('never printed');\n");
    const exited = await runAndWait(pg, /Exited with code 3/);
    expect(exited).toContain('leaving early');
    expect(exited).not.toContain('never printed');

    await replaceCode(page, pg, "function dive(n: number): number { return dive(n + 1) + 1; }\nconsole.log(dive(0));\n");
    const overflowed = await runAndWait(pg, /Exited with code 1/);
    expect(overflowed).toMatch(/RangeError: Maximum call stack size exceeded/);
    // The page is still responsive: switching files works at once.
    const goTab = pg.getByRole('tab', { name: /main\.go/ });
    await goTab.click();
    await expect(goTab).toHaveAttribute('aria-selected', 'true');
  });

  test('an output flood is cut with a message', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "for (;;) console.log('flood '.repeat(12));\n");
    await runAndWait(pg, /too much output/);
    await expect.poll(() => output(pg)).toContain('wrote more than 400 kB of output');
    expect(await output(pg)).toContain('flood flood');
    await expect(pg.getByRole('button', { name: 'Run' })).toBeEnabled();
    await stillResponsive(pg);
  });

  test('a memory bomb is stopped at the memory limit, the page stays responsive, and the next run works', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    // 80 MB a step, each written so the memory is really used: the limit (500 MB) stops it within a few steps.
    await replaceCode(page, pg, "console.log('allocating');\nconst keep: Float64Array[] = [];\nwhile (true) keep.push(new Float64Array(10_000_000).fill(keep.length));\n");
    const text = await runAndWait(pg, /used too much memory/);
    expect(text).toContain('allocating');
    expect(text).toMatch(/used more than 500 MB of memory, the limit for a playground/);
    await stillResponsive(pg);
    await replaceCode(page, pg, "console.log('after the bomb', 6 * 7);\n");
    expect(await runAndWait(pg, /Exited with code 0/)).toContain('after the bomb 42');
  });

  test('code in the sandbox cannot reach the site: cookies, storage, DOM, top window', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    await page.evaluate(() => {
      document.cookie = 'gfg_secret=cookie-s3cret; path=/';
      localStorage.setItem('gfg_secret', 'storage-s3cret');
    });
    const url = page.url();
    const pg = await open(page, 'errgroup');
    await replaceCode(
      page,
      pg,
      [
        'const g = globalThis as any;',
        'const probe = (name: string, fn: () => unknown) => { try { console.log(name + ": " + String(fn())); } catch (e) { console.log(name + ": blocked (" + (e as Error).name + ")"); } };',
        "probe('cookie', () => g.document ? g.document.cookie : 'no document');",
        "probe('localStorage', () => g.localStorage ? g.localStorage.getItem('gfg_secret') : 'no localStorage');",
        "probe('indexedDB', () => g.indexedDB ? 'indexedDB: ' + typeof g.indexedDB.open : 'no indexedDB');",
        "probe('parent', () => g.parent ? g.parent.document.title : 'no parent');",
        "probe('top', () => { g.top.location.href = 'https://example.com/'; return 'navigated'; });",
        "probe('origin', () => g.origin);",
        "console.log('probes done');",
        '',
      ].join('\n'),
    );
    const text = await runAndWait(pg, /Exited with code 0/);
    expect(text).toContain('probes done');
    expect(text).not.toContain('s3cret');
    expect(text).toContain('cookie: no document');
    expect(text).toContain('localStorage: no localStorage');
    expect(text).toContain('parent: no parent');
    expect(text).toMatch(/top: blocked/);
    expect(text).toContain('origin: null'); // an opaque origin: nothing of the site's
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => localStorage.getItem('gfg_secret'))).toBe('storage-s3cret');
    const frame = page.locator('iframe[sandbox]').first();
    await expect(frame).toHaveAttribute('sandbox', 'allow-scripts');
    await stillResponsive(pg);
  });

  test('a syntax error shows its file, line and column', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "const ok = 1;\nconst broken: number = ;\n");
    await expect(status(pg)).not.toHaveText(/Did not run/);
    const text = await runAndWait(pg, /Did not run: errgroup\/main\.ts:2:24/);
    expect(text).toContain('errgroup/main.ts:2:24: Unexpected token');
    expect(text).toContain('const broken: number = ;');
  });

  test('an uncaught exception or unhandled rejection prints a stack with the reader file and line', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "function fail(): never {\n  throw new Error('kaboom');\n}\nsetTimeout(fail, 10);\n");
    const text = await runAndWait(pg, /Exited with code 1/);
    expect(text).toMatch(/^errgroup\/main\.ts:2:\d+$/m);
    expect(text).toContain("throw new Error('kaboom');");
    expect(text).toMatch(/Error: kaboom\s+at fail \(errgroup\/main\.ts:2:\d+\)/);

    await replaceCode(page, pg, "async function main() {\n  await Promise.resolve();\n  throw new Error('nobody caught me');\n}\nmain();\n");
    const rejected = await runAndWait(pg, /Exited with code 1/);
    expect(rejected).toMatch(/^errgroup\/main\.ts:3:\d+$/m);
    expect(rejected).toMatch(/Uncaught \(in promise\) Error: nobody caught me\s+at main \(errgroup\/main\.ts:3:\d+\)/);
    await stillResponsive(pg);
  });
});

test.describe('the sandbox behaves like Node', () => {
  test('top-level await, Buffer and crypto.randomUUID work in an edited demo', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(
      page,
      pg,
      "import { setTimeout as delay } from 'node:timers/promises';\nconsole.log(await delay(10, 'awaited at the top level'));\nconsole.log(Buffer.from('hi').toString('hex'), /^[0-9a-f-]{36}$/.test(crypto.randomUUID()));\n",
    );
    const text = await runAndWait(pg, /Exited with code 0/);
    expect(text).toContain('awaited at the top level');
    expect(text).toContain('6869 true');
  });

  test("a program cannot speak the sandbox's protocol to the page", async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(
      page,
      pg,
      [
        'const g = globalThis as any;',
        "console.log('postMessage:', typeof g.postMessage);",
        'const post = Object.getPrototypeOf(g).postMessage;',
        "post?.call(g, { gfg: 'out', fd: 1, data: 'SPOOFED OUTPUT' });",
        "post?.call(g, { gfg: 'exit', code: 7 });",
        "setTimeout(() => console.log('still running after the spoof'), 100);",
        '',
      ].join('\n'),
    );
    const text = await runAndWait(pg, /Exited with code 0/);
    expect(text).toContain('postMessage: undefined');
    expect(text).toContain('still running after the spoof');
    expect(text).not.toContain('SPOOFED');
  });

  test('a Node module the sandbox lacks is named, with what it provides', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await replaceCode(page, pg, "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync);\n");
    const text = await runAndWait(pg, /Exited with code 1/);
    expect(text).toMatch(/does not provide 'node:fs'\. It provides the playground's own files and node:events/);
  });
});

/** Evaluates in the page through a CDP session of its own (see the heap bomb test). */
async function inPage<T>(cdp: CDPSession, expression: string): Promise<T> {
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
  if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  return result.value as T;
}

test.describe('a heap bomb that takes the sandbox down', () => {
  // A growing JavaScript heap is not an error a program can catch: V8 ends the whole renderer
  // process at its heap limit. In Chromium the sandboxed iframe has a process of its own, so the page
  // lives on, and notices only because the frame stops answering. A browser of its own with a small
  // heap limit makes the crash come in well under a second instead of at about 4 GB.
  test('is reported in plain words, the page stays responsive, and the next run works', async ({ playwright, baseURL }) => {
    const browser = await playwright.chromium.launch({ executablePath: findChromium(), args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=256'] });
    const page = await browser.newPage({ baseURL });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
    await page.route(/stackblitz\.com|webcontainer/, (route) => route.abort());
    try {
      await page.goto(`/playgrounds/errgroup${SANDBOX}`);
      const pg = await open(page, 'errgroup');
      await replaceCode(page, pg, "console.log('filling the heap');\nconst keep: number[][] = [];\nwhile (true) keep.push(new Array(1_000_000).fill(keep.length + 0.5));\n");
      // Playwright counts any crashed frame as a crashed page and refuses to touch it afterwards
      // (playwright-core's FrameSession._onTargetCrashed): the rest of the test talks to the page over CDP.
      const cdp = await page.context().newCDPSession(page);
      const root = `document.querySelector('.playground[data-playground-id="errgroup"]')`;
      const statusText = () => inPage<string>(cdp, `${root}.querySelector('[role=status]').textContent`);
      await pg.getByRole('button', { name: 'Run' }).click();
      await expect.poll(statusText, { timeout: 15_000 }).toMatch(/stopped answering/);
      const text = await inPage<string>(cdp, `${root}.querySelector('.pg-terminal').gfgTerminalText()`);
      expect(text).toContain('filling the heap');
      expect(text).toContain('the sandbox stopped answering, so the run was ended');
      expect(text).toMatch(/uses more memory than the browser allows/);

      // Still responsive: a click on the Go original's tab opens it.
      const goTab = await inPage<boolean>(cdp, `(() => { const tab = [...${root}.querySelectorAll('[role=tab]')].find((t) => /main\\.go/.test(t.textContent)); tab.click(); return new Promise((r) => requestAnimationFrame(() => r(tab.getAttribute('aria-selected') === 'true'))); })()`);
      expect(goTab).toBe(true);
      // Reset brings back the demo, and it runs to the end in a fresh sandbox.
      await inPage(cdp, `[...${root}.querySelectorAll('button')].find((b) => b.textContent === 'Reset').click()`);
      await expect.poll(() => inPage<string>(cdp, `${root}.querySelector('.cm-content').textContent`)).toContain('errgroup: a bounded pipeline');
      await inPage(cdp, `${root}.querySelector('button.pg-run').click()`);
      await expect.poll(statusText, { timeout: 15_000 }).toMatch(/Exited with code 0/);
      expect(await inPage<string>(cdp, `${root}.querySelector('.pg-terminal').gfgTerminalText()`)).toMatch(/summary/);
    } finally {
      await browser.close();
    }
    expect(errors, 'console errors on the page').toEqual([]);
  });
});

test.describe('runtime choice', () => {
  test('with stackblitz.com blocked no Run waits more than 2 s, and a second page load does not try the boot again', async ({ page }) => {
    test.setTimeout(120_000);
    let bootRequests = 0;
    await page.route(/stackblitz\.com/, (route) => {
      bootRequests++;
      return route.abort();
    });
    await page.goto('/articles/errgroup-package');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    const pg = await open(page, 'errgroup');
    // B1: the boot starts when the playground nears the viewport, before any Run; C2: so does the sandbox's frame.
    await expect.poll(() => bootRequests, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(page.locator('iframe[sandbox]')).toHaveCount(1);

    const runWithin2s = async (reason: RegExp) => {
      const started = Date.now();
      await pg.getByRole('button', { name: /Run|Restart/ }).click();
      // Past the wait for a runtime: transpiling, starting, running or done.
      await expect(status(pg)).toHaveText(/Transpiling|Starting the program|Running|Exited/, { timeout: 2_000 });
      expect(Date.now() - started, 'the Run did not wait for a runtime').toBeLessThan(2_000);
      await expect(pg.locator('.pg-runtime-reason')).toContainText(reason);
      await expect(status(pg)).toHaveText(/Exited with code 0/, { timeout: 15_000 });
    };
    await runWithin2s(/still starting .* a Run does not wait for it/);
    // The boot fails in the background (its own limit) and the browser remembers it.
    await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('gfg:webcontainer-boot') ?? '{}').failedAt ?? null), { timeout: 45_000 }).not.toBeNull();
    await runWithin2s(/did not start within 30 seconds.*stackblitz\.com/);

    bootRequests = 0;
    await page.reload();
    const again = await open(page, 'errgroup');
    await page.waitForTimeout(1_000);
    const started = Date.now();
    await again.getByRole('button', { name: 'Run' }).click();
    await expect(status(again)).toHaveText(/Transpiling|Starting the program|Running|Exited/, { timeout: 2_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(again.locator('.pg-runtime-reason')).toContainText('could not start in this browser within the last day');
    await expect(status(again)).toHaveText(/Exited with code 0/, { timeout: 15_000 });
    expect(bootRequests, 'no boot was tried on the second page load').toBe(0);
  });

  test('?runtime= in the address is remembered as the setting', async ({ page }) => {
    await page.goto(`/playgrounds/errgroup${SANDBOX}`);
    await open(page, 'errgroup');
    await expect.poll(() => page.evaluate(() => localStorage.getItem('gfg:runtime'))).toBe('sandbox');
    await page.goto('/playgrounds/errgroup');
    const pg = await open(page, 'errgroup');
    await expect(pg.getByLabel('Runtime')).toHaveValue('sandbox');
  });

  test('a page that is not cross-origin isolated uses the sandbox at once and says why', async ({ page }) => {
    // The same page without COOP and COEP, as a host that drops the headers would serve it.
    await page.route(/\/playgrounds\/errgroup$/, async (route) => {
      const response = await route.fetch();
      const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !/^cross-origin-(opener|embedder)-policy$/i.test(name)));
      await route.fulfill({ response, headers });
    });
    await page.goto('/playgrounds/errgroup');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
    const pg = await open(page, 'errgroup');
    const started = Date.now();
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(status(pg)).toHaveText(/Running|Exited/, { timeout: 5_000 });
    expect(Date.now() - started, 'no wait for a WebContainer that cannot start').toBeLessThan(3_000);
    await expect(pg.locator('.pg-runtime-reason')).toContainText('WebContainers need a cross-origin isolated page, and this one is not');
    await expect(status(pg)).toHaveText(/Exited with code 0/, { timeout: 10_000 });
    await stillResponsive(pg);
  });

  test('the remembered setting picks the sandbox without trying a WebContainer', async ({ page }) => {
    await page.goto('/playgrounds/errgroup');
    const pg = await open(page, 'errgroup');
    await pg.getByLabel('Runtime').selectOption('sandbox');
    await page.reload();
    const again = await open(page, 'errgroup');
    await expect(again.getByLabel('Runtime')).toHaveValue('sandbox');
    await runAndWait(again, /Exited with code 0/, 5_000);
    await expect(again.locator('.pg-runtime-reason')).toContainText('chosen with the runtime setting');
    await again.getByLabel('Runtime').selectOption('auto');
    expect(await page.evaluate(() => localStorage.getItem('gfg:runtime'))).toBeNull();
  });
});

test.describe('loading and accessibility', () => {
  test("the article's first-load JavaScript holds none of the playground code", async ({ page }) => {
    const scripts = new Map<string, Promise<string>>();
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.set(response.url(), response.text().catch(() => ''));
    });
    await page.goto('/articles/errgroup-package');
    await page.waitForLoadState('networkidle');
    // The server-rendered code is there without any of it.
    await expect(playground(page, 'errgroup').locator('.pg-static-code pre').first()).toBeVisible();
    const markers = ['xterm-helper-textarea', 'cm-content', 'interopRequireWildcard', 'gfg-sandbox-prelude', 'WebContainer'];
    const firstLoad = await Promise.all([...scripts.values()]);
    expect(firstLoad.length).toBeGreaterThan(0);
    for (const marker of markers) expect(firstLoad.filter((code) => code.includes(marker)), marker).toEqual([]);

    // Scrolling to the playground brings the island, then the transpiler when the page is idle:
    // they do contain the markers (so the check above means something). The sandbox prelude is in
    // no page script at all: it ships inside the sandbox frame's document.
    const before = scripts.size;
    await open(page, 'errgroup');
    await expect
      .poll(async () => {
        const lazy = await Promise.all([...scripts.values()].slice(before));
        return markers.filter((marker) => !['WebContainer', 'gfg-sandbox-prelude'].includes(marker) && !lazy.some((code) => code.includes(marker)));
      })
      .toEqual([]);
    expect(await (await page.request.get('/sandbox-frame.html')).text()).toContain('gfg-sandbox-prelude');
  });

  test('axe finds nothing serious on an article with a playground that has run', async ({ page }) => {
    await page.goto(`/articles/errgroup-package${SANDBOX}`);
    const pg = await open(page, 'errgroup');
    await runAndWait(pg, /Exited with code 0/);
    // The playground itself: the article's own code blocks are the article's business.
    const results = await new AxeBuilder({ page }).include('.playground').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    expect(serious).toEqual([]);
  });

  test('axe finds nothing serious on a full-screen playground; keyboard reaches every control', async ({ page }) => {
    await page.goto(`/playgrounds/singleflight${SANDBOX}`);
    const pg = await open(page, 'singleflight');
    expect(await seriousViolations(page)).toEqual([]);
    await pg.getByRole('tab', { name: /main\.ts/ }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(pg.getByRole('tab', { name: /singleflight\.ts/ })).toBeFocused();
    await expect(pg.getByRole('tab', { name: /singleflight\.ts/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('End');
    await expect(pg.getByRole('tab', { name: /main\.go/ })).toHaveAttribute('aria-selected', 'true');
    // main.go is read-only unless the build carries the in-page Go toolchain (its tab says which; go-playground.spec.ts edits it).
    if (/read-only/.test((await pg.getByRole('tab', { name: /main\.go/ }).textContent()) ?? '')) await expect(pg.locator('.cm-content')).toHaveAttribute('aria-readonly', 'true');
    else await expect(pg.locator('.cm-content')).not.toHaveAttribute('aria-readonly', 'true');
    await runAndWait(pg, /Exited with code 0/);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
