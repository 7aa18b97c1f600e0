import { expect, seriousViolations, test } from './fixtures';

/**
 * The interactive Z-order figure on its article: server-rendered, then a query box that the keyboard
 * moves and resizes, with the items read, requests and results recomputed for each position.
 */
test('the Z-order figure answers the keyboard and recomputes what each loop reads', async ({ page }) => {
  await page.goto('/articles/dynamodb-z-order-indexing');
  const figure = page.locator('.zf').first();
  await figure.scrollIntoViewIfNeeded();
  const box = figure.locator('.zf-box');
  await expect(box).toHaveAttribute('aria-label', /Query box, x \d+ to \d+, y \d+ to \d+/);
  const summary = figure.locator('.zf-summary');
  const before = { label: await box.getAttribute('aria-label'), summary: await summary.textContent(), numbers: await figure.locator('.zf-numbers').textContent() };

  await box.focus();
  await page.keyboard.press('ArrowRight');
  await expect(box).not.toHaveAttribute('aria-label', before.label!);
  const moved = await box.getAttribute('aria-label');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(box).not.toHaveAttribute('aria-label', moved!);
  await expect(summary).not.toHaveText(before.summary!);
  expect(await figure.locator('.zf-numbers').textContent()).not.toBe(before.numbers);

  expect(await seriousViolations(page)).toEqual([]);
});
