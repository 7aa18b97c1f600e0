/** Words, terms, fuzzy matching, excerpts and safe highlighting; hostile queries. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSite } from '../../../lib/content/load';
import { loadIndex, resultHref, search } from '../../../lib/search/engine';
import { buildSearchIndexFile } from '../../../lib/search-index';
import { listPlaygroundIds } from '../../../lib/site';
import { boundedDistance, excerpt, highlight, indexTerms, queryMatcher, queryTerms, segmentsToHtml, transpositions, type Segment } from '../../../lib/search/text';

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

const plain = (segments: Segment[]) => segments.map((s) => s.text).join('');
const marked = (segments: Segment[]) => segments.filter((s) => s.mark).map((s) => s.text);

describe('terms', () => {
  test('identifiers are indexed whole and by their parts; accents and case fold', () => {
    assert.deepEqual(indexTerms('SetLimit'), ['setlimit', 'set', 'limit']);
    assert.deepEqual(indexTerms('GOMEMLIMIT'), ['gomemlimit']);
    assert.deepEqual(indexTerms('HTTPServer'), ['httpserver', 'http', 'server']);
    assert.deepEqual(indexTerms('Déjà'), ['deja']);
    assert.deepEqual(indexTerms('the'), []);
    assert.deepEqual(queryTerms('errgroup.Group  SetLimit, the g0!'), ['errgroup', 'group', 'setlimit', 'g0']);
  });

  test('swaps and bounded edit distance', () => {
    assert.ok(transpositions('gsingal').includes('gsignal'));
    assert.equal(boundedDistance('circut', 'circuit', 1), 1);
    assert.equal(boundedDistance('hystirx', 'hystrix', 1), 1, 'a swap is one edit');
    assert.equal(boundedDistance('abcdef', 'uvwxyz', 2), 3, 'gives up past the bound');
  });

  test('the landing matcher follows the index rules: exact, prefix on the last word, fuzzy', () => {
    const match = queryMatcher('circut breaker half ope');
    assert.ok(match('circuit'), 'fuzzy');
    assert.ok(match('Breakers') === false || match('Breakers'), 'no throw');
    assert.ok(match('breaker'));
    assert.ok(match('open'), 'prefix on the last word');
    assert.ok(match('opened'), 'prefix on the last word');
    assert.ok(!match('half-baked'.split('-')[1]!));
    assert.ok(!match('cir'), 'no fuzzy match of a much shorter word');
    assert.ok(queryMatcher('setlimit')('SetLimit'));
  });
});

describe('excerpts and highlighting', () => {
  const text = 'Alpha beta gamma. '.repeat(20) + 'The circuit breaker trips when the error rate passes a threshold. ' + 'Delta epsilon. '.repeat(20);

  test('an excerpt is cut around the first match, with ellipses, and marks the matched words', () => {
    const segments = excerpt(text, (word) => word.toLowerCase() === 'circuit' || word.toLowerCase() === 'breaker');
    const joined = plain(segments);
    assert.ok(joined.startsWith('… ') && joined.endsWith(' …'), joined);
    assert.ok(joined.length < 220, `${joined.length} characters`);
    assert.deepEqual(marked(segments), ['circuit', 'breaker']);
  });

  test('without a match in the text, the excerpt is its start', () => {
    const segments = excerpt(text, () => false);
    assert.ok(plain(segments).startsWith('Alpha beta'));
    assert.deepEqual(marked(segments), []);
  });

  test('highlighting keeps every character and escapes markup', () => {
    const source = 'Use <b>errgroup</b> & "SetLimit" (a+)+$ <script>alert(1)</script>';
    const segments = highlight(source, (word) => ['errgroup', 'SetLimit', 'script'].includes(word));
    assert.equal(plain(segments), source);
    const html = segmentsToHtml(segments);
    assert.equal(html.replace(/<\/?mark>/g, '').includes('<'), false, html);
    assert.match(html, /<mark>errgroup<\/mark>/);
    assert.match(html, /&lt;<mark>script<\/mark>&gt;/);
  });
});

describe('hostile queries', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gfg-search-hostile-'));
  roots.push(root);
  cpSync(path.resolve('tests/fixtures/content/base'), root, { recursive: true });
  const site = await loadSite({ root, playgroundIds: listPlaygroundIds(root) });
  const file = buildSearchIndexFile(site, []);
  const loaded = loadIndex(file.body, file.textBody);

  const HOSTILE = [
    'a'.repeat(10_000),
    'alpha '.repeat(2_000),
    '(a+)+$',
    '.*[',
    '\\',
    '^$|?*+{}[]()',
    '<img src=x onerror=alert(1)>',
    '"><script>alert(1)</script>',
    '&lt;b&gt; &amp; &#60;',
    '🦫🚀 gopher 🐹',
    'Ünïcödé façade naïve',
    '漢字 カタカナ 한국어',
    'مرحبا بالعالم',
    'a\u0301\u0302\u0303\u0304 zalgo',
    '\u0000\u200b\u202e',
    '   ',
    '',
    'constructor __proto__ prototype hasOwnProperty toString',
  ];

  for (const query of HOSTILE) {
    test(`no throw and no markup for ${JSON.stringify(query.slice(0, 40))}`, () => {
      const groups = search(loaded, query);
      for (const group of groups) {
        for (const segments of [group.titleSegments, ...group.hits.flatMap((hit) => [hit.headingSegments, hit.excerpt])]) {
          const html = segmentsToHtml(segments);
          assert.equal(html.replace(/<\/?mark>/g, '').includes('<'), false);
        }
      }
      const href = resultHref({ url: '/articles/alpha#usage', kind: 'section' }, query);
      assert.ok(href.startsWith('/articles/alpha?q=') && href.endsWith('#usage'), href);
      assert.doesNotThrow(() => queryMatcher(query)('alpha'));
    });
  }

  test('a markup-like query still finds words and marks only them', () => {
    const groups = search(loaded, '<b>alpha</b>');
    assert.equal(groups[0]?.key, 'alpha');
    assert.deepEqual(marked(groups[0]!.titleSegments), ['Alpha']);
  });
});
