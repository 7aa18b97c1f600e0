import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parsePolicy } from '../../lib/csp';
import { expect, expectInjectedScriptRefused, expectStrictPagePolicy, seriousViolations, test } from './fixtures';

const ARTICLE = '/articles/errgroup-package';
const { headers: PAGE_HEADERS } = JSON.parse(readFileSync('lib/http-headers.json', 'utf8')) as { headers: { key: string; value: string }[] };

test('home lists topics and leads to an article', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Go Field Guide' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Go concurrency' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /Start with a track/ })).toBeVisible();
  await page.locator('.topic').getByRole('link', { name: /errgroup package/i }).first().click();
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('errgroup');
  await expect(page.getByText(/min read/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('table of contents jumps to a section and marks it current', async ({ page }) => {
  await page.goto(ARTICLE);
  const toc = page.getByRole('navigation', { name: 'On this page' });
  const links = toc.getByRole('link');
  expect(await links.count()).toBeGreaterThan(3);
  const third = links.nth(3);
  const href = (await third.getAttribute('href'))!;
  await third.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expect(page.locator(href)).toBeInViewport();
  await expect(toc.locator('a[aria-current="location"]')).toHaveAttribute('href', href);
});

test('opening an article at a #fragment marks that section current', async ({ page }) => {
  await page.goto(ARTICLE);
  const target = (await page.locator('.prose h2').nth(2).getAttribute('id'))!;
  await page.goto('/');
  await page.goto(`${ARTICLE}#${target}`); // a full load, not a same-page hash change
  const toc = page.getByRole('navigation', { name: 'On this page' });
  await expect(toc.locator('a[aria-current="location"]')).toHaveAttribute('href', `#${target}`);
});

test('heading anchors link to their own section', async ({ page }) => {
  await page.goto(ARTICLE);
  const heading = page.locator('.prose h2').first();
  const id = await heading.getAttribute('id');
  await expect(heading.locator('.heading-anchor')).toHaveAttribute('href', `#${id}`);
});

test('theme toggle persists across reloads without a flash', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  const toggle = page.getByRole('button', { name: /theme/ });
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  await expect(html).toHaveAttribute('data-theme', 'dark');
  // The inline head script sets the theme before first paint: check the very first HTML state.
  await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector('body');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect(page.getByRole('button', { name: /Dark theme/ })).toBeVisible();
  await page.getByRole('button', { name: /theme/ }).click(); // dark -> system (light)
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test('copy button copies the code block', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(ARTICLE);
  const block = page.locator('.code-block').first();
  await block.getByRole('button', { name: /copy code/i }).click();
  await expect(block.getByRole('button', { name: /copy code/i })).toHaveText(/Copied/);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied.trim()).toBe((await block.locator('pre').textContent())!.trim());
  expect(copied.length).toBeGreaterThan(10);
});

test('unknown pages get a helpful 404', async ({ page }) => {
  const response = await page.goto('/articles/no-such-article');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Browse all articles' })).toBeVisible();
});

test('pages are cross-origin isolated and send the security headers', async ({ page }) => {
  const response = await page.goto(ARTICLE);
  const headers = response!.headers();
  for (const { key, value } of PAGE_HEADERS) expect(headers[key.toLowerCase()], key).toBe(value);
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
  expectStrictPagePolicy(response);
});

/** The page's scripts ran under its policy: the theme toggle (a client component) answers a click. */
async function expectScriptsRun(page: Page): Promise<void> {
  const toggle = page.locator('.theme-toggle');
  const before = await toggle.getAttribute('data-preference');
  await toggle.click();
  await expect(toggle, page.url()).not.toHaveAttribute('data-preference', before ?? '');
}

test('every route type is served with its own strict policy and logs no violation', async ({ page }) => {
  // The fixture fails the test on any CSP violation; hydration must have run under each policy.
  for (const route of ['/', ARTICLE, '/articles', '/tags/errgroup', '/tracks', '/playgrounds/errgroup', '/search?q=errgroup', '/no-such-page']) {
    const response = await page.goto(route, { waitUntil: 'networkidle' });
    expectStrictPagePolicy(response);
    await expectScriptsRun(page);
  }
});

test('an injected inline script is blocked by the policy', async ({ page, consoleErrors }) => {
  await page.goto(ARTICLE, { waitUntil: 'networkidle' });
  await expectScriptsRun(page);
  await expectInjectedScriptRefused(page, consoleErrors);
});

test("the sandbox frame has its own policy: eval and Blob workers there, nowhere else", async ({ request }) => {
  const response = await request.get('/sandbox-frame.html');
  expect(response.status()).toBe(200);
  const policy = parsePolicy(response.headers()['content-security-policy'] ?? '');
  expect(policy.get('default-src')).toEqual(["'none'"]);
  expect(policy.get('worker-src')).toEqual(['blob:']);
  expect(policy.get('script-src')).toContain("'unsafe-eval'");
  expect(response.headers()['cross-origin-embedder-policy']).toBe('require-corp');
});

test('tag pages, feed, sitemap and robots are served', async ({ page, request }) => {
  await page.goto(ARTICLE);
  await page.locator('.article-header .tag').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('#');
  await expect(page.locator('.card').first()).toBeVisible();
  const feed = await request.get('/feed.xml');
  expect(feed.headers()['content-type']).toContain('atom');
  expect(await feed.text()).toContain('/articles/errgroup-package');
  expect(await (await request.get('/sitemap.xml')).text()).toContain('/articles/errgroup-package');
  expect(await (await request.get('/robots.txt')).text()).toContain('Sitemap:');
});

test('article metadata carries title, description and Open Graph', async ({ page }) => {
  await page.goto(ARTICLE);
  await expect(page).toHaveTitle(/errgroup.*Go Field Guide/);
  expect(await page.locator('meta[name="description"]').getAttribute('content')).toBeTruthy();
  expect(await page.locator('meta[property="og:type"]').getAttribute('content')).toBe('article');
  expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toContain('errgroup');
});

test('keyboard: skip link and main navigation are reachable', async ({ page }) => {
  await page.goto('/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('narrow screens (360 px) have no horizontal scroll', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const url of ['/', ARTICLE, '/tracks']) {
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, url).toBeLessThanOrEqual(0);
  }
});

for (const [name, url] of [
  ['home', '/'],
  ['article', ARTICLE],
  ['all articles', '/articles'],
  ['tag page', '/tags/errgroup'],
  ['all tags', '/tags'],
  ['tracks', '/tracks'],
  ['all playgrounds', '/playgrounds'],
  ['404', '/no-such-page'],
] as const) {
  test(`axe: no serious or critical violations on ${name}`, async ({ page }) => {
    await page.goto(url);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

test('axe: no violations in dark theme on an article', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(ARTICLE);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page)).toEqual([]);
});

test('the favicon and the Open Graph image are static files from public/, named in every page head', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.locator('head link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
  const og = page.locator('head meta[property="og:image"]');
  await expect(og).toHaveAttribute('content', /\/og\.png$/);
  for (const [url, type] of [['/favicon.svg', 'image/svg+xml'], ['/og.png', 'image/png']] as const) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type'], url).toContain(type);
  }
});
