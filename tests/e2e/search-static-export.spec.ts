import { expect, test } from './fixtures';

// Runs against the static export (`npm run export`, served from out/): the index is a plain file there.
test('static export: search from the dialog lands on the section, and /search?q= works', async ({ page }) => {
  await page.goto('/');
  const index = page.waitForResponse((response) => /\/search-index\/index\.[0-9a-f]{16}\.json$/.test(response.url()) && response.ok());
  const text = page.waitForResponse((response) => /\/search-index\/text\.[0-9a-f]{16}\.json$/.test(response.url()) && response.ok());
  await page.keyboard.press('Control+k');
  const dialog = page.getByRole('dialog', { name: 'Search Go Field Guide' });
  await expect(dialog).toBeVisible();
  await Promise.all([index, text]);
  await dialog.getByRole('combobox', { name: /search articles/i }).fill('gomemlimt death spiral');
  const first = dialog.getByRole('listbox', { name: 'Search results' }).getByRole('option').first();
  await expect(first).toContainText('death spiral');
  await expect(first.locator('.search-option-excerpt mark').first()).toBeVisible(); // the excerpt file is served too
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/articles\/go-memory-ballast-and-gomemlimit\?q=gomemlimt\+death\+spiral#the-death-spiral-and-the-cpu-limiter$/);
  await expect(page.locator('article[data-search-highlights]')).toBeVisible();

  await page.goto('/search?q=bencode');
  await expect(page.locator('.search-page-results').getByRole('link', { name: /^Build a BitTorrent client/ })).toBeVisible();
});
