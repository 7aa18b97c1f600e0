import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';


/** Whether the build under test carries Go (scripts/go-wasm.ts ran with Go on the PATH); CI requires it. */
function buildHasGo(): boolean {
  const manifest = path.join(process.cwd(), '.cache', 'go-wasm', 'manifest.json');
  const hasGo = existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { go: string | null }).go !== null;
  if (!hasGo && process.env.GFG_REQUIRE_GO === '1') throw new Error('GFG_REQUIRE_GO=1 but the build has no Go (npm run build with Go on the PATH)');
  return hasGo;
}
const NO_GO = buildHasGo() ? false : 'the build has no Go (build with Go on the PATH to test it)';

/**
 * The static export carries the Go files (out/_next/static/go/, the Go frame with its policy in
 * _headers): on a plain static host the Go original runs, and an edited main.go is compiled in the page.
 */
test('static export: the Go original runs as WebAssembly and an edit is compiled in the page', async ({ page, request }) => {
  test.skip(NO_GO !== false, NO_GO || '');
  test.setTimeout(240_000);
  const frame = await request.get('/go-frame.html');
  expect(frame.headers()['content-security-policy']).toContain("default-src 'none'");
  await page.goto('/playgrounds/errgroup?lang=go&runtime=sandbox');
  const pg = page.locator('.playground[data-playground-id="errgroup"]');
  await expect(pg.locator('.cm-content')).toBeVisible();
  await pg.getByRole('button', { name: 'Run' }).click();
  await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 40_000 });
  await expect(pg.locator('.pg-runtime-reason')).toHaveAttribute('data-runtime', 'go-wasm');

  const original = readFileSync(path.join(process.cwd(), 'playgrounds', 'errgroup', 'main.go'), 'utf8');
  await pg.getByRole('tab', { name: /main\.go/ }).click();
  const editor = pg.locator('.cm-content');
  await editor.click();
  await editor.press('ControlOrMeta+a');
  await editor.evaluate((el, value) => {
    const data = new DataTransfer();
    data.setData('text/plain', value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, original.replace(/tasks\s+= 12 /, 'tasks       = 5 '));
  await pg.getByRole('button', { name: 'Run' }).click();
  await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 180_000 });
  const text = await pg.locator('.pg-terminal').evaluate((el) => (el as HTMLElement & { gfgTerminalText: () => string }).gfgTerminalText());
  expect(text).toContain('seed 42: 5 tasks');
});
