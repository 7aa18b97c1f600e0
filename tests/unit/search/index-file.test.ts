/** The index file: deterministic bytes and hash, anchors that exist on the page, and the facets. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSite, type Site } from '../../../lib/content/load';
import { SearchIndexError, buildSearchDocuments } from '../../../lib/search/documents';
import { loadIndex, search } from '../../../lib/search/engine';
import { buildSearchIndexFile, readPlaygroundInfo } from '../../../lib/search-index';
import { getSite, listPlaygroundIds } from '../../../lib/site';

const FIXTURES = path.resolve('tests/fixtures/content/base');
const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

async function fixtureSite(): Promise<Site> {
  const root = mkdtempSync(path.join(tmpdir(), 'gfg-search-'));
  roots.push(root);
  cpSync(FIXTURES, root, { recursive: true });
  return loadSite({ root, playgroundIds: listPlaygroundIds(root) });
}

const PLAYGROUNDS = [{ id: 'demo', title: 'A demo playground', summary: 'Runs a small demo of the fixture article.', files: ['main.ts', 'helper.ts'] }];

describe('search index file', () => {
  test('identical input gives identical bytes and hash, whatever the order of the articles', async () => {
    const a = buildSearchIndexFile(await fixtureSite(), PLAYGROUNDS);
    const site = await fixtureSite();
    const b = buildSearchIndexFile({ ...site, articles: [...site.articles].reverse() }, [...PLAYGROUNDS].reverse());
    assert.equal(a.body, b.body);
    assert.equal(a.hash, b.hash);
    assert.match(a.fileName, /^index\.[0-9a-f]{16}\.json$/);
    assert.equal(a.url, `/search-index/${a.fileName}`);
  });

  test('the real index is deterministic too, and its name changes with its content', async () => {
    const site = await getSite();
    const playgrounds = readPlaygroundInfo();
    const first = buildSearchIndexFile(site, playgrounds);
    const second = buildSearchIndexFile(site, playgrounds);
    assert.equal(first.body, second.body);
    assert.equal(first.fileName, second.fileName);
    const changed = structuredClone(site);
    changed.articles[0]!.sections[1]!.text += ' one more word';
    assert.notEqual(buildSearchIndexFile(changed, playgrounds).fileName, first.fileName);
  });

  test('one record per article, per h2/h3 section and per playground, with page anchors', async () => {
    const site = await fixtureSite();
    const documents = buildSearchDocuments(site, PLAYGROUNDS);
    const alpha = site.articles.find((article) => article.slug === 'alpha')!;
    assert.deepEqual(
      documents.filter((d) => d.group === 'alpha').map((d) => d.url).sort(),
      ['/articles/alpha', ...alpha.headings.map((h) => `/articles/alpha#${h.id}`)].sort(),
    );
    const playground = documents.find((d) => d.kind === 'playground')!;
    assert.equal(playground.url, '/playgrounds/demo');
    assert.deepEqual(playground.topics, [alpha.frontmatter.topic], 'a playground takes the topic of the article embedding it');
  });

  test('every anchor in the real index is a heading id of its article', async () => {
    const site = await getSite();
    const documents = buildSearchDocuments(site, readPlaygroundInfo());
    for (const document of documents.filter((d) => d.kind === 'section')) {
      const [pathname, id] = document.url.split('#');
      const article = site.articles.find((a) => `/articles/${a.slug}` === pathname);
      assert.ok(article, document.url);
      assert.ok(article.headings.some((h) => h.id === id), `${document.url} is not a heading of the page`);
    }
    assert.equal(documents.filter((d) => d.kind === 'section').length, site.articles.reduce((n, a) => n + a.headings.length, 0));
  });

  test('a section whose id is not a rendered heading fails the build', async () => {
    const site = await fixtureSite();
    const broken = structuredClone(site);
    broken.articles[0]!.sections[1]!.id = 'not-on-the-page';
    assert.throws(() => buildSearchDocuments(broken, []), (error: unknown) => error instanceof SearchIndexError && /not-on-the-page/.test(error.message));
  });

  test('round trip: the loaded file searches, filters by topic and tag, and offers the facets', async () => {
    const site = await fixtureSite();
    const loaded = loadIndex(buildSearchIndexFile(site, PLAYGROUNDS).body);
    assert.equal(loaded.documentCount, buildSearchDocuments(site, PLAYGROUNDS).length);
    const alpha = site.articles.find((article) => article.slug === 'alpha')!;
    const word = alpha.frontmatter.title.split(' ').find((w) => w.length > 4)!;
    const groups = search(loaded, word);
    assert.equal(groups[0]?.key, 'alpha');
    assert.ok(groups[0]!.titleSegments.some((s) => s.mark));
    assert.deepEqual(search(loaded, word, { topic: 'no-such-topic' }), []);
    assert.ok(search(loaded, word, { tag: alpha.frontmatter.tags[0] }).some((g) => g.key === 'alpha'));
    assert.deepEqual(loaded.facets.tags, [...new Set(site.articles.flatMap((a) => a.frontmatter.tags))].sort());
  });

  test('ranking through MiniSearch’s public search() (the fallback) gives the same results', async () => {
    const real = loadIndex(buildSearchIndexFile(await getSite(), readPlaygroundInfo()).body);
    const publicOnly = { ...real, miniSearch: { search: real.miniSearch.search.bind(real.miniSearch) } as unknown as typeof real.miniSearch };
    for (const query of ['singleflight forget', 'circut breaker half open', 'gomeml', 'commit wait', 'errgroup']) {
      const strip = (groups: ReturnType<typeof search>) => groups.map((g) => [g.key, g.hits.map((h) => h.id)]);
      assert.deepEqual(strip(search(publicOnly, query)), strip(search(real, query)), query);
    }
  });
});
