import { expect, test } from './fixtures';

/**
 * The article's prose reaches the page as runs of static HTML (lib/content/static-html.ts) that React
 * neither builds nor hydrates; what needs behaviour inside them is wired by delegation
 * (components/article/ArticleBody.tsx). These check that behaviour where the site tests do not.
 */
const ARTICLE = '/articles/errgroup-package';

test('an internal link in the prose navigates on the client, to its section, and the next article works too', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(ARTICLE);
  await page.waitForLoadState('networkidle');
  // A full page load would lose this; a client-side navigation keeps it.
  await page.evaluate(() => ((window as Window & { stayed?: boolean }).stayed = true));
  const link = page.locator('.prose .mdx-static a[href^="/articles/advanced-go-concurrency#"]').first();
  const href = (await link.getAttribute('href'))!;
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/concurrency/i);
  expect(await page.evaluate(() => (window as Window & { stayed?: boolean }).stayed), 'navigated without a page load').toBe(true);
  const id = href.split('#')[1]!;
  await expect(page.locator(`[id="${id}"]`)).toBeInViewport();

  // The new article's runs behave as the first one's: copy buttons and the table of contents.
  const block = page.locator('.code-block').first();
  await block.getByRole('button', { name: /copy code/i }).click();
  await expect(block.getByRole('button', { name: /copy code/i })).toHaveText(/Copied/);
  await expect(block.getByRole('status')).toHaveText('Code copied to clipboard');
  expect((await page.evaluate(() => navigator.clipboard.readText())).trim()).toBe((await block.locator('pre').textContent())!.trim());
  await expect(block.getByRole('button', { name: /copy code/i })).toHaveText('Copy', { timeout: 5_000 });
  await expect(page.getByRole('navigation', { name: 'On this page' }).locator('a[aria-current="location"]')).toHaveCount(1);
});

test('a click with a modifier key on an internal link is left to the browser (new tab, new window)', async ({ page }) => {
  await page.goto(ARTICLE);
  await page.waitForLoadState('networkidle');
  const link = page.locator('.prose .mdx-static a[href^="/articles/"]').first();
  const prevented = await link.evaluate((a) => {
    const seen: boolean[] = [];
    // Runs after the prose's handler: records whether it took the click, then keeps the page here.
    const record = (event: Event) => {
      seen.push(event.defaultPrevented);
      event.preventDefault();
    };
    document.addEventListener('click', record);
    for (const modifier of ['ctrlKey', 'metaKey', 'shiftKey', 'altKey']) a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, [modifier]: true }));
    a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, button: 1 }));
    document.removeEventListener('click', record);
    return seen;
  });
  expect(prevented).toEqual([false, false, false, false, false]);
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`));
});

test('the prose is static HTML: paragraphs, headings, figures and code blocks are not React elements', async ({ page }) => {
  await page.goto(ARTICLE);
  await page.waitForLoadState('networkidle');
  const owners = await page.evaluate(() => {
    const owned = (el: Element) => Object.keys(el).some((key) => key.startsWith('__reactFiber$'));
    const pick = (selector: string) => [...document.querySelectorAll(`article .prose ${selector}`)].filter((el) => !el.closest('.playground, .self-check'));
    return Object.fromEntries(['p', 'h2', 'h3', 'ul', 'figure', 'pre', '.code-block button'].map((s) => [s, { all: pick(s).length, react: pick(s).filter(owned).length }]));
  });
  for (const [selector, { all, react }] of Object.entries(owners)) {
    if (selector !== 'h3' && selector !== 'figure') expect(all, `${selector} in the prose`).toBeGreaterThan(0);
    expect(react, `${selector} rendered by React`).toBe(0);
  }
  // The heading anchors still link to their sections.
  const heading = page.locator('.prose h2').nth(1);
  await expect(heading.locator('.heading-anchor')).toHaveAttribute('href', `#${await heading.getAttribute('id')}`);
});
