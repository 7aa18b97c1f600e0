import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, seriousViolations, test } from './fixtures';


/** Whether the build under test carries Go (scripts/go-wasm.ts ran with Go on the PATH); CI requires it. */
function buildHasGo(): boolean {
  const manifest = path.join(process.cwd(), '.cache', 'go-wasm', 'manifest.json');
  const hasGo = existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { go: string | null }).go !== null;
  if (!hasGo && process.env.GFG_REQUIRE_GO === '1') throw new Error('GFG_REQUIRE_GO=1 but the build has no Go (npm run build with Go on the PATH)');
  return hasGo;
}
const NO_GO = buildHasGo() ? false : 'the build has no Go (build with Go on the PATH to test it)';

/**
 * The Go runtime (lib/runtime/go-wasm.ts) in Chromium: each Go original runs as WebAssembly in the
 * Go frame and shows its milestones and timeline; an edited main.go is compiled in the page by the
 * real Go toolchain (an edited constant changes the output, a type error is shown at its line);
 * an infinite loop is stopped at the limit and the next Run works; a deadlock prints Go's own
 * message with exit code 2; output after main returns does not throw (no console errors: the
 * fixtures fail on any). Needs a build made with Go on the PATH (npm run build).
 */

/** Each Go original and a line of its output. */
const GO_ORIGINALS: Record<string, RegExp> = { errgroup: /summary/, singleflight: /origin calls with singleflight: \d+/, 'circuit-breaker': /summary/ };

function playground(page: Page, id: string): Locator {
  return page.locator(`.playground[data-playground-id="${id}"]`);
}

async function terminalText(pg: Locator): Promise<string> {
  return pg.locator('.pg-terminal').evaluate((el) => (el as HTMLElement & { gfgTerminalText: () => string }).gfgTerminalText());
}

/** Opens the playground page with Go chosen and waits for the editor. */
async function openGo(page: Page, id: string): Promise<Locator> {
  await page.goto(`/playgrounds/${id}?lang=go&runtime=sandbox`);
  const pg = playground(page, id);
  await expect(pg.locator('.cm-content')).toBeVisible();
  await expect(pg.getByRole('radio', { name: 'Go' })).toBeChecked();
  return pg;
}

/** errgroup's main.go as shipped: every test starts from it (a fresh browser context has no edits). */
const ORIGINAL = readFileSync(path.join(process.cwd(), 'playgrounds', 'errgroup', 'main.go'), 'utf8');

/** Replaces main.go's text in the editor with `text` (one paste: typing 200 lines would be slow). */
async function setMainGo(pg: Locator, text: string): Promise<void> {
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

test.describe('Go originals run as WebAssembly', () => {
  test.skip(NO_GO !== false, NO_GO || '');

  for (const [id, line] of Object.entries(GO_ORIGINALS)) {
    test(`${id}: main.go runs, with its milestones and a timeline`, async ({ page }) => {
      test.setTimeout(60_000);
      const pg = await openGo(page, id);
      await pg.getByRole('button', { name: 'Run' }).click();
      await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 40_000 });
      const text = await terminalText(pg);
      expect(text).toMatch(/go run \.\/playgrounds\//);
      expect(text).toMatch(line);
      expect(text, 'trace sequences never reach the screen').not.toMatch(/7337|"kind":/);
      await expect(pg.locator('.pg-runtime-reason')).toHaveAttribute('data-runtime', 'go-wasm');
      await expect(pg.locator('.pg-runtime-reason')).toContainText('WebAssembly');
      const milestones = pg.getByRole('region', { name: 'What this run established' });
      await expect(milestones.locator('dt').first()).toBeVisible();
      expect(await milestones.locator('dt').count()).toBeGreaterThanOrEqual(2);
      const timeline = pg.getByRole('figure', { name: /Timeline/ });
      await expect(timeline).toBeVisible();
      expect(await timeline.locator('.pg-lane').count()).toBeGreaterThan(1);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test('the choice of TypeScript or Go is a keyboard-usable radio group, and the TypeScript demo still runs', async ({ page }) => {
    await page.goto('/playgrounds/errgroup?runtime=sandbox&lang=ts');
    const pg = playground(page, 'errgroup');
    await expect(pg.locator('.cm-content')).toBeVisible();
    const group = pg.getByRole('group', { name: 'Run' });
    await expect(group.getByRole('radio', { name: 'TypeScript' })).toBeChecked();
    await group.getByRole('radio', { name: 'TypeScript' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(group.getByRole('radio', { name: 'Go' })).toBeChecked();
    await expect(pg.getByRole('tab', { name: /main\.go/ })).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('ArrowLeft');
    await expect(group.getByRole('radio', { name: 'TypeScript' })).toBeChecked();
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 30_000 });
    await expect(pg.locator('.pg-runtime-reason')).toHaveAttribute('data-runtime', 'sandbox');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test.describe('edited Go is compiled in the page', () => {
  test.skip(NO_GO !== false, NO_GO || '');

  test('an edited constant changes the output; a second build reuses the toolchain; Reset restores', async ({ page }) => {
    test.setTimeout(240_000);
    const fetched: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/_next/static/go/toolchain/')) fetched.push(request.url());
    });
    const pg = await openGo(page, 'errgroup');
    expect(fetched, 'the toolchain is never part of a first load').toEqual([]);
    await setMainGo(pg, ORIGINAL.replace(/tasks\s+= 12 /, 'tasks       = 7 '));
    await expect(pg.getByRole('tab', { name: /main\.go.*edited/ })).toBeVisible();
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Loading|Compiling|Starting|Building/, { timeout: 20_000 });
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 180_000 });
    expect(await terminalText(pg)).toContain('seed 42: 7 tasks');
    await expect(pg.locator('.pg-runtime-reason')).toContainText('compiled and linked in this page');
    expect(fetched.some((url) => /compile\.[0-9a-f]+\.wasm$/.test(url))).toBe(true);

    // The edit persists across a reload.
    await page.reload();
    await expect(pg.locator('.cm-content')).toBeVisible();
    await expect(pg.getByRole('tab', { name: /main\.go.*edited/ })).toBeVisible();

    // A second build after another edit: only the edit, nothing downloaded again in this page.
    await setMainGo(pg, ORIGINAL.replace(/tasks\s+= 12 /, 'tasks       = 9 '));
    const before = fetched.length;
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 180_000 });
    expect(await terminalText(pg)).toContain('seed 42: 9 tasks');
    const again = fetched.slice(before).filter((url) => /compile\./.test(url));
    expect(again.length, 'the reload fetched the compiler again (from the HTTP cache) at most once').toBeLessThanOrEqual(1);

    await pg.getByRole('button', { name: 'Reset' }).click();
    await expect(pg.getByRole('tab', { name: /main\.go.*edited/ })).toHaveCount(0);
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 40_000 });
    expect(await terminalText(pg)).toContain('seed 42: 12 tasks');
  });

  test('a type error is shown in the terminal and on its line in the editor', async ({ page }) => {
    test.setTimeout(240_000);
    const pg = await openGo(page, 'errgroup');
    const lines = ORIGINAL.split('\n');
    const line = lines.findIndex((l) => /^\s*tasks\s+= 12/.test(l)) + 1;
    lines[line - 1] = '\ttasks   int = "twelve" // a string where a number belongs';
    await setMainGo(pg, lines.join('\n'));
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Did not run: main\.go did not compile/, { timeout: 180_000 });
    const text = await terminalText(pg);
    expect(text).toMatch(/main\.go:\d+:\d+: /);
    expect(text).toContain(`main.go:${line}:`);
    // The editor marks the line the compiler names (scrolled into view: CodeMirror draws only what is visible).
    await pg.locator('.cm-scroller').evaluate((scroller, at) => {
      const height = scroller.querySelector('.cm-line')?.getBoundingClientRect().height ?? 20;
      scroller.scrollTop = Math.max(0, (at - 4) * height);
    }, line);
    await expect(pg.locator('.cm-lintRange-error').first()).toBeVisible();
    await expect(pg.locator('.cm-gutter-lint .cm-lint-marker-error').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('an infinite loop is stopped at the time limit and the next Run works', async ({ page }) => {
    test.setTimeout(240_000);
    const pg = await openGo(page, 'errgroup');
    await setMainGo(pg, ORIGINAL.replace('func main() {\n', 'func main() {\n\tfmt.Println("spinning")\n\tfor n := 0; ; n++ {\n\t\t_ = n\n\t}\n'));
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Stopped at the time limit/, { timeout: 200_000 });
    expect(await terminalText(pg)).toContain('spinning');
    await pg.getByRole('button', { name: 'Reset' }).click();
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 40_000 });
  });

  test('a deadlock prints Go’s own message and exits with code 2; output after main returns does not throw', async ({ page }) => {
    test.setTimeout(240_000);
    const pg = await openGo(page, 'errgroup');
    await setMainGo(pg, ORIGINAL.replace('func main() {\n', 'func main() {\n\tfmt.Println("about to deadlock")\n\tblock := make(chan int)\n\t<-block\n'));
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 2/, { timeout: 180_000 });
    expect(await terminalText(pg)).toContain('all goroutines are asleep - deadlock!');

    // main returns while a goroutine and a timer would still print: no "Go program has already exited".
    await setMainGo(
      pg,
      ORIGINAL.replace('func main() {\n', 'func main() {\n\tgo func() { time.Sleep(50 * time.Millisecond); fmt.Println("late") }()\n\ttime.AfterFunc(30*time.Millisecond, func() { fmt.Println("later") })\n\tfmt.Println("main returns")\n\tif true {\n\t\treturn\n\t}\n'),
    );
    await pg.getByRole('button', { name: 'Run' }).click();
    await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 120_000 });
    await page.waitForTimeout(300);
    const text = await terminalText(pg);
    expect(text).toContain('main returns');
    expect(text).not.toContain('already exited');
  });
});
