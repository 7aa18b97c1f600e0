import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

/**
 * Code blocks arrive as one HTML string each with token colours as classes (lib/content/highlight.ts):
 * the text must be exactly the fenced code, and both themes must still colour it.
 */
const ARTICLE = '/articles/errgroup-package';
const SOURCE = 'content/articles/errgroup-package.mdx';

/** The fenced blocks of an MDX file, in order, as the reader should see them (Markdown drops the newline before the closing fence). */
/** The code of each fence, with its meta (```go fragment) and, inside a list, its indentation. */
function fencedBlocks(mdx: string): string[] {
  return [...mdx.matchAll(/^( *)```[a-z]+(?: [^\n]*)?\n([\s\S]*?)\n\1```$/gm)].map(([, indent, code]) =>
    code!
      .split('\n')
      .map((line) => (line.startsWith(indent!) ? line.slice(indent!.length) : line.trimStart()))
      .join('\n'),
  );
}

test('each code block shows exactly the code of its fence', async ({ page }) => {
  const expected = fencedBlocks(readFileSync(SOURCE, 'utf8'));
  expect(expected.length).toBeGreaterThan(3);
  await page.goto(ARTICLE);
  const shown = await page.locator('.prose .code-block pre').evaluateAll((pres) => pres.map((pre) => pre.textContent ?? ''));
  expect(shown).toEqual(expected);
});

test('code is coloured by classes in both themes, without inline styles', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(ARTICLE);
  const pre = page.locator('.prose .code-block pre').first();
  expect(await pre.locator('[style]').count()).toBe(0);
  // `func` is a keyword: a theme colour of its own, unlike the default text colour of <pre>.
  const keyword = pre.locator('span', { hasText: /^func$/ }).first();
  const colours = () => Promise.all([keyword.evaluate((el) => getComputedStyle(el).color), pre.evaluate((el) => getComputedStyle(el).color)]);
  const [lightKeyword, lightText] = await colours();
  expect(lightKeyword).not.toBe(lightText);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  const [darkKeyword, darkText] = await colours();
  expect(darkKeyword).not.toBe(darkText);
  expect(darkKeyword).not.toBe(lightKeyword);
  expect(darkText).not.toBe(lightText);
});

test('a playground tab opened before the editor has loaded shows that file, line by line', async ({ page }) => {
  // Only the first file is highlighted on the server (its other files would weigh on every page
  // view); hold the island back so the server-rendered view is what the reader sees.
  await page.goto(ARTICLE);
  await page.waitForLoadState('networkidle');
  await page.route('**/_next/static/chunks/**', () => new Promise(() => {}));
  const pg = page.locator('.playground[data-playground-id="errgroup"]');
  await expect(pg.locator('.cm-content')).toHaveCount(0);
  const first = pg.locator('.pg-static-code pre');
  expect(await first.textContent()).toBe(readFileSync('playgrounds/errgroup/main.ts', 'utf8'));
  await pg.getByRole('tab', { name: /errgroup\.ts/ }).click();
  const source = readFileSync('playgrounds/errgroup/errgroup.ts', 'utf8');
  await expect.poll(() => first.textContent()).toBe(source);
  expect(await first.locator('.line').count()).toBe(source.split('\n').length);
});
