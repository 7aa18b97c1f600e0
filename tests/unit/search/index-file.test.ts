/** The index file: deterministic bytes and hash, anchors that exist on the page, and the facets. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSite, type Site } from '../../../lib/content/load';
import { SearchIndexError, buildSearchDocuments } from '../../../lib/search/documents';
import { INDEX_FORMAT_VERSION, attachText, createIndex, headingSlug, loadIndex, search, type SerializedIndex } from '../../../lib/search/engine';
import { excerptTextUrl } from '../../../lib/search/href';
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
    assert.equal(a.textBody, b.textBody);
    assert.equal(a.hash, b.hash);
    assert.match(a.fileName, /^index\.[0-9a-f]{16}\.json$/);
    assert.equal(a.url, `/search-index/${a.fileName}`);
    assert.equal(a.textFileName, `text.${a.hash}.json`);
    assert.equal(a.textUrl, `/search-index/${a.textFileName}`);
    assert.equal(excerptTextUrl(a.url), a.textUrl);
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
    // A change to the text alone (no new term, no new length) still renames both files.
    const reworded = structuredClone(site);
    const section = reworded.articles[0]!.sections[1]!;
    const words = section.text.split(' ');
    [words[0], words[1]] = [words[1]!, words[0]!];
    section.text = words.join(' ');
    const other = buildSearchIndexFile(reworded, playgrounds);
    assert.equal(other.body, first.body, 'the same words in another order index the same');
    assert.notEqual(other.textBody, first.textBody);
    assert.notEqual(other.fileName, first.fileName);
    assert.notEqual(other.textFileName, first.textFileName);
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
    const file = buildSearchIndexFile(site, PLAYGROUNDS);
    const loaded = loadIndex(file.body, file.textBody);
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
    const file = buildSearchIndexFile(await getSite(), readPlaygroundInfo());
    const real = loadIndex(file.body, file.textBody);
    const publicOnly = { ...real, miniSearch: { search: real.miniSearch.search.bind(real.miniSearch) } as unknown as typeof real.miniSearch };
    for (const query of ['singleflight forget', 'circut breaker half open', 'gomeml', 'commit wait', 'errgroup']) {
      const strip = (groups: ReturnType<typeof search>) => groups.map((g) => [g.key, g.hits.map((h) => h.id)]);
      assert.deepEqual(strip(search(publicOnly, query)), strip(search(real, query)), query);
    }
  });

  test('the loaded file holds exactly what MiniSearch built: records, URLs, terms, postings and field lengths', async () => {
    const documents = buildSearchDocuments(await getSite(), readPlaygroundInfo());
    const file = buildSearchIndexFile(await getSite(), readPlaygroundInfo());
    const loaded = loadIndex(file.body, file.textBody);
    assert.deepEqual(
      loaded.documents.map(({ id, kind, url, group, title, heading, text, tags, topics }) => ({ id, kind, url, group, title, heading, text, tags, topics })),
      documents.map(({ id, kind, url, group, title, heading, text, tags, topics }) => ({ id, kind, url, group, title, heading, text, tags, topics })),
    );
    const original = createIndex(documents).toJSON();
    const roundTrip = loaded.miniSearch.toJSON();
    const sortedIndex = (index: typeof original.index) => [...index].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    assert.deepEqual(sortedIndex(roundTrip.index), sortedIndex(original.index));
    assert.deepEqual(roundTrip.fieldLength, original.fieldLength);
    assert.deepEqual(roundTrip.documentIds, original.documentIds);
  });

  test('an anchor that is not the heading’s slug is stored, and still lands on the heading', async () => {
    const site = await fixtureSite();
    const documents = buildSearchDocuments(site, PLAYGROUNDS);
    const section = documents.find((d) => d.kind === 'section')!;
    assert.equal(section.url.split('#')[1], headingSlug(section.heading), 'the fixture’s anchors are plain slugs');
    const file = buildSearchIndexFile(site, PLAYGROUNDS);
    assert.ok((JSON.parse(file.body) as SerializedIndex).documents.every((entry) => entry.length === 5), 'a plain slug is not stored');
    const changed = structuredClone(site);
    const target = changed.articles.find((a) => `/articles/${a.slug}` === section.url.split('#')[0])!;
    const heading = target.headings.find((h) => h.id === section.url.split('#')[1])!;
    const sectionRecord = target.sections.find((s) => s.id === heading.id)!;
    heading.id = sectionRecord.id = `${heading.id}-1`;
    const loaded = loadIndex(buildSearchIndexFile(changed, PLAYGROUNDS).body);
    assert.ok(loaded.documents.some((d) => d.url === `${section.url}-1`));
  });

  test('the index searches before its text arrives; the excerpts come with the text file', async () => {
    const file = buildSearchIndexFile(await getSite(), readPlaygroundInfo());
    assert.equal((JSON.parse(file.body) as SerializedIndex).version, INDEX_FORMAT_VERSION);
    const longest = [...(JSON.parse(file.textBody) as { texts: string[] }).texts].sort((a, b) => b.length - a.length)[0]!;
    const phrase = longest.slice(longest.length / 2, longest.length / 2 + 40);
    assert.ok(file.textBody.includes(JSON.stringify(phrase).slice(1, -1)) && !file.body.includes(JSON.stringify(phrase).slice(1, -1)), 'section text is in the text file only');
    const loaded = loadIndex(file.body);
    assert.equal(loaded.hasText, false);
    const before = search(loaded, 'circut breaker half opn');
    assert.equal(before[0]?.key, 'resilient-api-platform-fox');
    assert.ok(before[0]!.hits.every((hit) => hit.excerpt.length === 0));
    attachText(loaded, file.textBody);
    assert.equal(loaded.hasText, true);
    const after = search(loaded, 'circut breaker half opn');
    assert.deepEqual(after.map((g) => g.hits.map((h) => h.id)), before.map((g) => g.hits.map((h) => h.id)), 'the same results');
    // Fuzzy ("circut") and prefix ("opn" is fuzzy for open) matches are marked in the excerpts.
    const marked = after.flatMap((g) => g.hits.flatMap((h) => h.excerpt.filter((s) => s.mark).map((s) => s.text.toLowerCase())));
    assert.ok(marked.includes('circuit'), marked.join());
    const otherText = buildSearchIndexFile(await fixtureSite(), PLAYGROUNDS).textBody;
    assert.throws(() => attachText(loadIndex(file.body), otherText), /records/);
  });
});
