import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
// Next's own matcher for custom header routes: what `next start` does with the routes we write.
import { getPathMatch } from 'next/dist/shared/lib/router/utils/path-match';
import { exportedPaths, headersFile, headersForPath, nextHeaderRoutes, nginxSnippet, PAGE_HEADERS, parseHeadersFile } from '../../lib/host-config';
import { loadProgress, markRead, PROGRESS_KEY, recordSelfCheck, resetProgress, trackProgress } from '../../lib/progress';

class MemoryStorage {
  private values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

describe('reading progress', () => {
  test('records reads and passed self-checks once each, and resets', () => {
    const storage = new MemoryStorage();
    markRead('a', storage);
    markRead('a', storage);
    recordSelfCheck('b', storage);
    assert.deepEqual(loadProgress(storage), { read: ['a', 'b'], passed: ['b'] });
    assert.deepEqual(resetProgress(storage), { read: [], passed: [] });
    assert.deepEqual(loadProgress(storage), { read: [], passed: [] });
  });

  test('survives corrupt storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, '{not json');
    assert.deepEqual(loadProgress(storage), { read: [], passed: [] });
    storage.setItem(PROGRESS_KEY, JSON.stringify({ read: ['x', 3], passed: 'nope' }));
    assert.deepEqual(loadProgress(storage), { read: ['x'], passed: [] });
  });

  test('track progress counts read steps and finds the next one in order', () => {
    assert.deepEqual(trackProgress({ read: ['b'], passed: [] }, ['a', 'b', 'c']), { done: 1, total: 3, nextSlug: 'a' });
    assert.deepEqual(trackProgress({ read: ['a', 'b', 'c'], passed: [] }, ['a', 'b', 'c']), { done: 3, total: 3, nextSlug: undefined });
  });
});

describe('static host configuration', () => {
  const documents = [
    { paths: exportedPaths('index.html'), policy: "default-src 'self'; script-src 'self' 'sha256-AAA='" },
    { paths: exportedPaths('articles/errgroup.html'), policy: "default-src 'self'; script-src 'self' 'sha256-BBB='" },
  ];

  test('exported files answer their clean URL and their file name', () => {
    assert.deepEqual(exportedPaths('index.html'), ['/', '/index.html']);
    assert.deepEqual(exportedPaths('articles/errgroup.html'), ['/articles/errgroup', '/articles/errgroup.html']);
    assert.deepEqual(exportedPaths('tracks/index.html'), ['/tracks/', '/tracks/index.html']);
    assert.deepEqual(exportedPaths('feed.xml'), ['/feed.xml']);
  });

  test('_headers carries every page header on every path and each page its own policy, once', () => {
    const rules = parseHeadersFile(headersFile(documents));
    assert.equal(rules[0]!.pattern, '/*');
    assert.deepEqual(rules[0]!.headers, PAGE_HEADERS);
    assert.ok(PAGE_HEADERS.some((h) => h.key === 'Cross-Origin-Embedder-Policy' && h.value === 'require-corp'));
    assert.ok(PAGE_HEADERS.some((h) => h.key === 'Cross-Origin-Opener-Policy' && h.value === 'same-origin'));
    assert.ok(!PAGE_HEADERS.some((h) => h.key === 'Content-Security-Policy'), 'a CSP in /* would be merged into every page policy');

    const article = headersForPath(rules, '/articles/errgroup');
    assert.deepEqual(article.filter((h) => h.key === 'Content-Security-Policy').map((h) => h.value), [documents[1]!.policy]);
    for (const { key, value } of PAGE_HEADERS) assert.ok(article.some((h) => h.key === key && h.value === value), key);
    assert.equal(headersForPath(rules, '/').find((h) => h.key === 'Content-Security-Policy')?.value, documents[0]!.policy);
    assert.equal(headersForPath(rules, '/articles/other').find((h) => h.key === 'Content-Security-Policy'), undefined);
  });

  test('a host merges two rules for the same header into one value', () => {
    const rules = parseHeadersFile('/*\n  X-Test: a\n/x\n  X-Test: b\n');
    assert.deepEqual(headersForPath(rules, '/x'), [{ key: 'X-Test', value: 'a, b' }]);
    assert.deepEqual(headersForPath(rules, '/y'), [{ key: 'X-Test', value: 'a' }]);
  });

  test('next start: each page gets its own policy, any other document the 404 page\'s, assets and RSC fetches none', () => {
    const pages = [
      { path: '/', policy: 'home' },
      { path: '/articles/errgroup', policy: 'article' },
    ];
    const routes = nextHeaderRoutes(pages, 'not found');
    // As Next applies them (router-utils/resolve-routes): every matching route in order, the last value of a header wins.
    const policyFor = (pathname: string, requestHeaders: Record<string, string> = {}) => {
      let policy: string | undefined;
      for (const route of routes) {
        const match = getPathMatch(route.source, { strict: true, removeUnnamedParams: true });
        const excluded = route.missing?.some((condition) => condition.key in requestHeaders);
        if (match(pathname) !== false && !excluded) policy = route.headers[0]!.value;
      }
      return policy;
    };
    assert.equal(policyFor('/'), 'home');
    assert.equal(policyFor('/articles/errgroup'), 'article');
    assert.equal(policyFor('/articles/nope'), 'not found');
    assert.equal(policyFor('/tags/a/b'), 'not found');
    assert.equal(policyFor('/_next/static/chunks/app.js'), undefined, 'no policy on assets');
    assert.equal(policyFor('/sandbox-frame.html'), undefined, 'the sandbox frame sends its own');
    assert.equal(policyFor('/feed.xml'), undefined);
    assert.equal(policyFor('/articles/errgroup', { rsc: '1' }), undefined, 'not on RSC fetches');
    assert.ok(routes.every((route) => route.headers.length === 1 && route.headers[0]!.key === 'Content-Security-Policy'));

    // Written into a manifest that has its own routes and an earlier run's: those stay first, these are replaced.
    const global = { source: '/:path*', headers: PAGE_HEADERS };
    const again = nextHeaderRoutes(pages, 'not found', [global, ...routes]);
    assert.deepEqual(again, [global, ...routes]);
  });

  test('nginx config maps each URI to its policy and sets each header on every response', () => {
    const snippet = nginxSnippet(documents);
    for (const { key, value } of PAGE_HEADERS) assert.ok(snippet.includes(`add_header ${key} "${value}" always;`), key);
    assert.ok(snippet.includes(`"/articles/errgroup" "${documents[1]!.policy}";`));
    assert.ok(snippet.includes(`"/articles/errgroup.html" "${documents[1]!.policy}";`));
    assert.match(snippet, /add_header Content-Security-Policy \$gfg_csp always;/);
    assert.match(snippet, /try_files \$uri \$uri\.html \$uri\/index\.html =404;/);
    // Balanced braces: the file is loadable as it is.
    assert.equal(snippet.split('{').length, snippet.split('}').length);
  });
});
