/**
 * `npm run bench -- --only go`: Go in the browser (lib/runtime/go-wasm.ts), in Chromium, against a
 * production build made with Go on the PATH.
 *
 *   - sizes: each playground's WebAssembly, raw and brotli (quality 11, as npm start sends it), and
 *     the editable mode's download (compiler, linker, the demo's package archives), from the
 *     build's manifest (.cache/go-wasm/manifest.json);
 *   - precompiled: click on Run to the program's first output reaching the page: Run pressed as soon
 *     as the editor of a fresh page appears (the module still being fetched and compiled), the first
 *     Run on an idle fresh page (the module was compiled while it was idle: the reader had chosen Go),
 *     and the median of 10 more;
 *   - editable: toolchain load (the first edited Run, until the compiler starts), the first build
 *     and run (to the first output line), the rebuild after an edit (median of 5), and the memory
 *     each step grew to (the WebAssembly memory of compile, link and the program).
 *
 * Loopback, so the download figures are local. scripts/bench.ts calls benchGo() in process;
 * alone: node --import tsx scripts/bench-go.ts --origin http://127.0.0.1:3000 [--site .]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { median } from '../lib/perf/stats';
import type { GoManifest, GoToolchainIndex } from '../lib/playgrounds/go-assets';
import { CHROMIUM_ARGS, findChromium } from './chromium.mjs';
import { readGoManifest } from './go-wasm';

export interface GoBenchFigures {
  go: string | null;
  sizes: { playground: string; rawBytes: number; brotliBytes: number }[];
  toolchain?: { compile: { rawBytes: number; brotliBytes: number }; link: { rawBytes: number; brotliBytes: number }; archives: number; errgroupDownloadBrotliBytes: number };
  precompiled?: { playground: string; clickAtOnceMs: number; coldFirstLineMs: number; warmFirstLineMedianMs: number; warmSamplesMs: number[]; memoryBytes?: number };
  editable?: { toolchainLoadMs: number; firstBuildToFirstLineMs: number; rebuildToFirstLineMedianMs: number; rebuildSamplesMs: number[]; compileMs: number[]; linkMs: number[]; compileMemoryBytes?: number; linkMemoryBytes?: number; programMemoryBytes?: number };
  note?: string;
}

const ID = 'errgroup';

/**
 * Clicks Run and resolves with ms from the click to the program's first output reaching the page
 * (the Go runtime's own record of the run, window.gfgGoRuns: the terminal still holds the last
 * run's text for a moment after the click, so reading it would measure nothing).
 */
async function clickToFirstOutput(page: Page, timeoutMs = 180_000): Promise<number> {
  return page.evaluate(
    async ({ id, timeoutMs }) => {
      type Run = { runAt: number; firstOutputAt?: number };
      const root = document.querySelector(`.playground[data-playground-id="${id}"]`)!;
      const button = [...root.querySelectorAll('button')].find((b) => /^(Run|Restart)$/.test(b.textContent ?? ''))!;
      const t0 = performance.now();
      button.click();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        // No helper functions in here: tsx would name them with a __name call the page lacks.
        const run = ((globalThis as { gfgGoRuns?: Run[] }).gfgGoRuns ?? []).at(-1);
        if (run && run.runAt >= t0 && run.firstOutputAt !== undefined) return run.runAt + run.firstOutputAt - t0;
        if (performance.now() - t0 > timeoutMs) throw new Error(`no output after ${timeoutMs} ms`);
      }
    },
    { id: ID, timeoutMs },
  );
}

async function waitDone(page: Page): Promise<void> {
  await page.locator(`.playground[data-playground-id="${ID}"] .pg-body[data-status="exit"], .playground[data-playground-id="${ID}"] .pg-body[data-status="error"]`).waitFor({ timeout: 180_000 });
}

async function setMainGo(page: Page, text: string): Promise<void> {
  const pg = page.locator(`.playground[data-playground-id="${ID}"]`);
  await pg.getByRole('tab', { name: /main\.go/ }).click();
  const editor = pg.locator('.cm-content');
  await editor.click();
  await editor.press('ControlOrMeta+a');
  await editor.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

interface RunTimings {
  mode: string;
  compileMs?: number;
  linkMs?: number;
  toolchainLoadMs?: number;
  memoryBytes?: number;
  compileMemoryBytes?: number;
  linkMemoryBytes?: number;
}
const lastTimings = (page: Page) => page.evaluate(() => ((globalThis as { gfgGoRuns?: unknown[] }).gfgGoRuns ?? []).at(-1) as RunTimings | undefined);

export async function benchGo(options: { origin: string; siteDir?: string; log?: (line: string) => void }): Promise<GoBenchFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const manifest: GoManifest | undefined = readGoManifest(options.siteDir ?? process.cwd());
  if (!manifest?.go) return { go: null, sizes: [], note: manifest?.unavailable ?? 'the build has no Go (run npm run build with Go on the PATH)' };
  const figures: GoBenchFigures = {
    go: manifest.go,
    sizes: Object.entries(manifest.playgrounds)
      .filter(([, e]) => e.wasm)
      .map(([playground, e]) => ({ playground, rawBytes: e.wasm!.bytes, brotliBytes: e.wasm!.brotliBytes })),
  };
  if (manifest.toolchain && 'index' in manifest.toolchain) {
    const index = (await (await fetch(new URL(manifest.toolchain.index.url, options.origin))).json()) as GoToolchainIndex;
    figures.toolchain = {
      compile: { rawBytes: index.compile.bytes, brotliBytes: index.compile.brotliBytes },
      link: { rawBytes: index.link.bytes, brotliBytes: index.link.brotliBytes },
      archives: Object.keys(index.packages).length,
      errgroupDownloadBrotliBytes: manifest.toolchain.downloadBrotliBytes[ID] ?? 0,
    };
  }

  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  try {
    // Precompiled, Run pressed as soon as the editor is there: the module is still being fetched and compiled.
    const hurried = await browser.newContext();
    const first = await hurried.newPage();
    await first.goto(new URL(`/playgrounds/${ID}?lang=go&runtime=sandbox`, options.origin).href);
    await first.locator('.cm-content').first().waitFor();
    const clickAtOnce = await clickToFirstOutput(first);
    await hurried.close();

    // Precompiled: a fresh page (fresh HTTP cache), idle (the module compiled), then 10 warm runs.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL(`/playgrounds/${ID}?lang=go&runtime=sandbox`, options.origin).href);
    await page.locator('.cm-content').first().waitFor();
    await page.waitForLoadState('networkidle');
    const cold = await clickToFirstOutput(page);
    await waitDone(page);
    const warm: number[] = [];
    for (let i = 0; i < 10; i++) {
      warm.push(await clickToFirstOutput(page));
      await waitDone(page);
    }
    figures.precompiled = { playground: ID, clickAtOnceMs: Math.round(clickAtOnce), coldFirstLineMs: Math.round(cold), warmFirstLineMedianMs: Math.round(median(warm)), warmSamplesMs: warm.map(Math.round), memoryBytes: (await lastTimings(page))?.memoryBytes };
    log(`  precompiled ${ID}: first line ${Math.round(clickAtOnce)} ms when Run is pressed as the editor appears, ${Math.round(cold)} ms on an idle page, ${Math.round(median(warm))} ms warm (median of 10)`);

    if (figures.toolchain) {
      const original = readFileSync(path.join(options.siteDir ?? process.cwd(), 'playgrounds', ID, 'main.go'), 'utf8');
      // Editable: the first edited Run loads the toolchain, then five more edits.
      await setMainGo(page, original.replace(/tasks\s+= 12 /, 'tasks       = 11 '));
      const first = await clickToFirstOutput(page);
      await waitDone(page);
      const t = await lastTimings(page);
      const rebuilds: number[] = [];
      const compileMs: number[] = [];
      const linkMs: number[] = [];
      for (let i = 0; i < 5; i++) {
        await setMainGo(page, original.replace(/tasks\s+= 12 /, `tasks       = ${5 + i} `));
        rebuilds.push(await clickToFirstOutput(page));
        await waitDone(page);
        const r = await lastTimings(page);
        if (r?.compileMs) compileMs.push(Math.round(r.compileMs));
        if (r?.linkMs) linkMs.push(Math.round(r.linkMs));
      }
      const last = await lastTimings(page);
      figures.editable = {
        toolchainLoadMs: Math.round(t?.toolchainLoadMs ?? 0),
        firstBuildToFirstLineMs: Math.round(first),
        rebuildToFirstLineMedianMs: Math.round(median(rebuilds)),
        rebuildSamplesMs: rebuilds.map(Math.round),
        compileMs,
        linkMs,
        compileMemoryBytes: last?.compileMemoryBytes,
        linkMemoryBytes: last?.linkMemoryBytes,
        programMemoryBytes: last?.memoryBytes,
      };
      log(`  editable: toolchain load ${figures.editable.toolchainLoadMs} ms, first build to first line ${Math.round(first)} ms, rebuild ${figures.editable.rebuildToFirstLineMedianMs} ms (median of 5)`);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { origin: { type: 'string', default: process.env.BENCH_ORIGIN ?? 'http://127.0.0.1:3000' }, site: { type: 'string', default: '.' } } });
  const figures = await benchGo({ origin: values.origin!, siteDir: path.resolve(values.site!) });
  console.log(JSON.stringify(figures, null, 2));
}
