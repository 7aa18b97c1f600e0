import { readFileSync } from 'node:fs';
import { expect, expectInjectedScriptRefused, expectStrictPagePolicy, test } from './fixtures';

const { headers: PAGE_HEADERS } = JSON.parse(readFileSync('lib/http-headers.json', 'utf8')) as { headers: { key: string; value: string }[] };

test('static export: home, article and 404 served with the shipped headers', async ({ page }) => {
  const home = await page.goto('/');
  for (const { key, value } of PAGE_HEADERS) expect(home!.headers()[key.toLowerCase()], key).toBe(value);
  expectStrictPagePolicy(home);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await page.locator('.topic').getByRole('link').first().click();
  await expect(page.locator('article h1')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
  const missing = await page.goto('/articles/no-such-article');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('static export: a playground runs in the sandbox frame under the policies the host config ships', async ({ page }) => {
  // A page opened at its clean URL, then client-side navigation: the first page's policy stays in force.
  expectStrictPagePolicy(await page.goto('/articles/errgroup-package?runtime=sandbox'));
  const playground = page.locator('.playground[data-playground-id="errgroup"]');
  await playground.scrollIntoViewIfNeeded();
  await expect(playground.locator('.cm-content')).toBeVisible();
  await playground.getByRole('button', { name: 'Run' }).click();
  await expect(playground.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: 20_000 });
  const text = await playground.locator('.pg-terminal').evaluate((el) => (el as HTMLElement & { gfgTerminalText: () => string }).gfgTerminalText());
  expect(text).toMatch(/context\.Cause\(ctx\): worker \d: task 5 failed/);
});

test('static export: the 404 page answered for unknown URLs carries its own policy in a meta element', async ({ page, consoleErrors }) => {
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  expect(response?.headers()['content-security-policy'], 'no header rule names an unknown URL').toBeUndefined();
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  // The meta policy is in force.
  await expectInjectedScriptRefused(page, consoleErrors);
});
