import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

const { headers: PAGE_HEADERS } = JSON.parse(readFileSync('lib/http-headers.json', 'utf8')) as { headers: { key: string; value: string }[] };

test('static export: home, article and 404 served with the shipped headers', async ({ page }) => {
  const home = await page.goto('/');
  for (const { key, value } of PAGE_HEADERS) expect(home!.headers()[key.toLowerCase()], key).toBe(value);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  await page.locator('.topic').getByRole('link').first().click();
  await expect(page.locator('article h1')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'On this page' })).toBeVisible();
  const missing = await page.goto('/articles/no-such-article');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});
