import AxeBuilder from '@axe-core/playwright';
import type { Page, Request } from '@playwright/test';
import { loadIndex } from '../../lib/search/engine';
import { expect, seriousViolations, test } from './fixtures';

const ARTICLE = '/articles/errgroup-package';
/** Strings that exist only in the lazily loaded search code: MiniSearch's messages and the dialog's storage key. */
const SEARCH_CODE_MARKERS = ['MiniSearch', 'gfg-search-recent-v1'];

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Search Go Field Guide' });
const combobox = (page: Page) => dialog(page).getByRole('combobox', { name: /search articles/i });
const options = (page: Page) => dialog(page).getByRole('listbox', { name: 'Search results' }).getByRole('option');

/** Serious or critical axe violations inside the dialog (the page behind it is dimmed on purpose). */
async function dialogViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

async function openWithKeys(page: Page, keys: string) {
  await page.keyboard.press(keys);
  await expect(dialog(page)).toBeVisible();
  await expect(combobox(page)).toBeFocused();
}

async function search(page: Page, query: string) {
  await combobox(page).fill(query);
  await expect(options(page).first()).toBeVisible();
}

test('no search code or index in the first load; hovering the button fetches them', async ({ page }) => {
  for (const path of ['/', ARTICLE]) {
    const requests: Request[] = [];
    const onRequest = (request: Request) => requests.push(request);
    page.on('request', onRequest);
    await page.goto(path, { waitUntil: 'load' });
    page.off('request', onRequest);
    expect(requests.filter((r) => r.url().includes('/search-index/')), `${path} fetched the index`).toEqual([]);
    const scripts = requests.filter((r) => r.resourceType() === 'script' || r.url().endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const body = await (await page.request.get(script.url())).text();
      for (const marker of SEARCH_CODE_MARKERS) expect(body.includes(marker), `${script.url()} contains ${marker}`).toBe(false);
    }
  }

  // Hovering fetches both files: the index, and the excerpt text named by the same hash.
  const index = page.waitForResponse((response) => response.url().includes('/search-index/index.') && response.ok());
  const text = page.waitForResponse((response) => response.url().includes('/search-index/text.') && response.ok());
  await page.getByRole('button', { name: 'Search', exact: true }).hover();
  const [indexResponse, textResponse] = await Promise.all([index, text]);
  for (const response of [indexResponse, textResponse]) expect(response.headers()['content-type']).toContain('application/json');
  const hash = /\/search-index\/index\.([0-9a-f]{16})\.json$/.exec(indexResponse.url())?.[1];
  expect(hash, indexResponse.url()).toBeTruthy();
  expect(textResponse.url()).toMatch(new RegExp(`/search-index/text\\.${hash}\\.json$`));
});

test('opens with Ctrl+K, Cmd+K, / and the header button; Escape closes and returns focus', async ({ page }) => {
  // Shortcuts listen once the page has hydrated: a key pressed before that is the browser's.
  await page.goto(ARTICLE, { waitUntil: 'networkidle' });
  await openWithKeys(page, 'Control+k');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();

  await openWithKeys(page, 'Meta+k');
  await page.keyboard.type('/go'); // a slash typed in the box is text, not a shortcut
  await expect(combobox(page)).toHaveValue('/go');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();

  await openWithKeys(page, '/');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();

  const button = page.getByRole('button', { name: 'Search', exact: true });
  await button.click();
  await expect(dialog(page)).toBeVisible();
  await expect(combobox(page)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toBeHidden();
  await expect(button).toBeFocused();

  // Focus stays in the dialog: Tab and Shift+Tab cycle inside it.
  await button.click();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
  }
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.closest('[role="dialog"]') !== null)).toBe(true);
});

test('/ does not open search while typing in a field', async ({ page }) => {
  await page.goto('/search');
  const field = page.getByRole('searchbox', { name: /search articles/i });
  await field.click();
  await page.keyboard.type('a/b');
  await expect(field).toHaveValue('a/b');
  await expect(dialog(page)).toBeHidden();
});

test('a misspelt query finds the section; arrows move, Enter lands on the highlighted section', async ({ page }) => {
  await page.goto(ARTICLE);
  await openWithKeys(page, 'Control+k');
  await search(page, 'circut breaker half opn');
  const found = options(page);
  expect(await found.count()).toBeGreaterThan(1);
  await expect(dialog(page).getByRole('group').first()).toContainText('Resilient API platforms');
  // Fuzzy and prefix matches are marked: "circut" → circuit, "opn"… → open.
  const marked = (await dialog(page).locator('mark').allTextContents()).map((t) => t.toLowerCase());
  expect(marked).toContain('circuit');
  expect(marked.some((t) => t.startsWith('breaker'))).toBe(true);
  // The excerpts come from the second file; their matched words are marked too.
  await expect(dialog(page).locator('.search-option-excerpt mark').first()).toBeVisible();
  const inExcerpts = (await dialog(page).locator('.search-option-excerpt mark').allTextContents()).map((t) => t.toLowerCase());
  expect(inExcerpts).toContain('circuit');

  const input = combobox(page);
  await expect(input).toHaveAttribute('aria-expanded', 'true');
  await expect(found.first()).toHaveAttribute('aria-selected', 'true');
  await expect(input).toHaveAttribute('aria-activedescendant', (await found.first().getAttribute('id'))!);
  await page.keyboard.press('ArrowDown');
  await expect(found.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(found.first()).toHaveAttribute('aria-selected', 'false');
  await expect(input).toHaveAttribute('aria-activedescendant', (await found.nth(1).getAttribute('id'))!);
  await page.keyboard.press('ArrowUp');
  await expect(found.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  const chosen = (await found.nth(1).locator('.search-option-heading').textContent())!.trim();

  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/articles\/resilient-api-platform-fox\?q=circut\+breaker\+half\+opn#[a-z0-9-]+$/);
  await expect(dialog(page)).toBeHidden();
  const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const heading = page.locator(`[id="${id}"]`);
  await expect(heading).toContainText(chosen);
  await expect(heading).toBeInViewport();
  const article = page.locator('article[data-search-highlights]');
  await expect(article).toBeVisible();
  expect(Number(await article.getAttribute('data-search-highlights'))).toBeGreaterThan(0);
  const highlighted = await page.evaluate(() => [...(CSS.highlights.get('search-landing') ?? [])].map((range) => (range as Range).toString().toLowerCase()));
  expect(highlighted.length).toBeGreaterThan(0);
  expect(highlighted.every((word) => /^(circuit|breaker|half|op)/.test(word)), highlighted.join(', ')).toBe(true);
  // Only inside that section: every range starts after the heading and before the next h2/h3.
  const inSection = await page.evaluate((headingId) => {
    const start = document.getElementById(headingId)!;
    const ranges = [...(CSS.highlights.get('search-landing') ?? [])] as Range[];
    return ranges.every((range) => {
      const node = range.startContainer.parentElement!;
      if (start.contains(node)) return true;
      if (!(start.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
      const next = [...document.querySelectorAll('.prose h2, .prose h3')].find((h) => start.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
      return !next || Boolean(node.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
  }, id);
  expect(inSection).toBe(true);
  // The highlight is brief.
  await expect(article).toHaveCount(0, { timeout: 8000 });
  expect(await page.evaluate(() => CSS.highlights.has('search-landing'))).toBe(false);

  // The search is remembered, and offered when the box is empty.
  await openWithKeys(page, 'Control+k');
  await combobox(page).fill('');
  await expect(dialog(page).getByRole('button', { name: 'circut breaker half opn' })).toBeVisible();
});

test('results come as soon as the index is in; the excerpts fill in when the text file arrives', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/search-index/text.*.json', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(ARTICLE, { waitUntil: 'networkidle' });
  await openWithKeys(page, 'Control+k');
  await search(page, 'circut breaker');
  const excerptMarks = dialog(page).locator('.search-option-excerpt mark');
  await expect(dialog(page).locator('.search-option-heading mark').first()).toBeVisible(); // results, marked
  await expect(excerptMarks).toHaveCount(0);
  expect((await dialog(page).locator('.search-option-excerpt').allTextContents()).join('')).toBe('');
  release();
  await expect(excerptMarks.first()).toBeVisible();
  expect((await excerptMarks.allTextContents()).map((t) => t.toLowerCase())).toContain('circuit');
});

test('filters by topic and tag, and offers suggestions when nothing matches', async ({ page }) => {
  await page.goto('/');
  await openWithKeys(page, 'Control+k');
  await expect(dialog(page).getByRole('button', { name: 'GOMEMLIMIT' })).toBeVisible(); // suggestions on an empty box
  await search(page, 'singleflight');
  const groups = dialog(page).getByRole('group');
  expect(await groups.count()).toBeGreaterThan(1);
  await dialog(page).getByLabel('Topic').selectOption('resilient-apis');
  await expect(groups.first()).toContainText('Resilient API platforms');
  await expect(groups.filter({ hasText: 'Advanced Go concurrency' })).toHaveCount(0);
  await dialog(page).getByLabel('Topic').selectOption('');
  await dialog(page).getByLabel('Tag').selectOption('x-sync');
  await expect(groups.first()).toContainText('Advanced Go concurrency');
  await dialog(page).getByLabel('Tag').selectOption('');
  await combobox(page).fill('zzzqqqxx');
  await expect(dialog(page).getByRole('status')).toContainText('No results');
  await expect(combobox(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(dialog(page).getByRole('button', { name: 'GOMEMLIMIT' })).toBeVisible();
});

test('the open dialog passes axe: empty, with results, with none', async ({ page }) => {
  await page.goto(ARTICLE);
  await openWithKeys(page, 'Control+k');
  await expect(dialog(page).getByRole('button', { name: 'GOMEMLIMIT' })).toBeVisible();
  expect(await dialogViolations(page)).toEqual([]);
  await search(page, 'errgroup setlimit');
  await page.keyboard.press('ArrowDown');
  expect(await dialogViolations(page)).toEqual([]);
  await combobox(page).fill('zzzqqqxx');
  await expect(dialog(page).getByRole('status')).toContainText('No results');
  expect(await dialogViolations(page)).toEqual([]);
});

test('/search?q= works as a link: results, filters in the URL, and landing', async ({ page }) => {
  await page.goto('/search?q=gomemlimt');
  const results = page.locator('.search-page-results');
  await expect(results.getByRole('link', { name: /^Go memory ballast and GOMEMLIMIT/ })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('for “gomemlimt”');
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByLabel('Topic').selectOption('data-systems');
  await expect(page.getByRole('status')).toContainText('No results');
  await expect(page).toHaveURL(/[?&]topic=data-systems/);
  await page.getByLabel('Topic').selectOption('go-runtime');
  await expect(page).toHaveURL(/\/search\?q=gomemlimt&topic=go-runtime$/);

  await page.goto('/search?q=commit+wait&topic=data-systems');
  await expect(page.getByLabel('Topic')).toHaveValue('data-systems');
  const hit = results.locator('.search-page-hit').first();
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(page).toHaveURL(/\/articles\/inside-cloud-spanner\?q=commit\+wait#/);
  await expect(page.locator('article[data-search-highlights]')).toBeVisible();
});

test('hostile queries cause no error and inject nothing', async ({ page }) => {
  const HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '"><script>window.__pwned=1</script>',
    '(a+)+$ .*[ \\ ^$|?*+{}[]()',
    '🦫🚀 gopher ünïcödé 漢字 مرحبا',
    'x'.repeat(500),
    'errgroup '.repeat(60),
    '&lt;b&gt;errgroup&lt;/b&gt; &amp;',
  ];
  await page.goto(ARTICLE);
  await openWithKeys(page, 'Control+k');
  for (const query of HOSTILE) {
    await combobox(page).fill(query);
    await expect(dialog(page).getByRole('status')).not.toHaveText(/Loading|Searching/);
    expect(await dialog(page).locator('img, script, iframe, b').count()).toBe(0);
  }
  await page.keyboard.press('Escape');
  for (const query of HOSTILE) {
    await page.goto(`/search?q=${encodeURIComponent(query)}`);
    await expect(page.getByRole('status')).not.toHaveText(/Loading|Searching|^$/);
    expect(await page.locator('main img, main script, main iframe, main b').count()).toBe(0);
    await page.goto(`${ARTICLE}?q=${encodeURIComponent(query)}#what-waitgroup-leaves-out`);
    await expect(page.locator('article h1')).toBeVisible();
  }
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('every anchor in the index is an id on the rendered page', async ({ page }) => {
  await page.goto('/');
  const html = await page.content();
  const url = /\/search-index\/index\.[0-9a-f]{16}\.json/.exec(html)?.[0];
  expect(url, 'the layout renders the index URL').toBeTruthy();
  // Read the served file the way the worker does (anchors that are plain slugs of their heading are not stored).
  const loaded = loadIndex(await (await page.request.get(url!)).text());
  const anchors = new Map<string, string[]>();
  for (const document of loaded.documents) {
    const [pageUrl = '', anchor] = document.url.split('#');
    if (pageUrl.startsWith('/articles/')) anchors.set(pageUrl, [...(anchors.get(pageUrl) ?? []), ...(anchor ? [anchor] : [])]);
  }
  expect(anchors.size).toBeGreaterThan(10);
  for (const [pageUrl, ids] of anchors) {
    const body = await (await page.request.get(pageUrl)).text();
    const missing = ids.filter((id) => !body.includes(`id="${id}"`));
    expect(missing, `${pageUrl} lacks ids`).toEqual([]);
  }
});
