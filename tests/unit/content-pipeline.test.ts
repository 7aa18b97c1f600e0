import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ContentErrors } from '../../lib/content/errors';
import { loadSite } from '../../lib/content/load';
import { listPlaygroundIds } from '../../lib/site';
import { atomFeed } from '../../lib/feed';
import { sitePaths } from '../../lib/content/paths';
import { neighbours, allTags } from '../../lib/content/queries';

const FIXTURES = path.resolve('tests/fixtures/content');
const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** The valid base site with one broken case's files laid over it. */
function siteWith(brokenCase?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'gfg-content-'));
  roots.push(root);
  cpSync(path.join(FIXTURES, 'base'), root, { recursive: true });
  if (brokenCase) cpSync(path.join(FIXTURES, 'broken', brokenCase), root, { recursive: true });
  return root;
}

async function load(root: string) {
  return loadSite({ root, playgroundIds: listPlaygroundIds(root) });
}

async function errorsOf(brokenCase: string): Promise<string[]> {
  try {
    await load(siteWith(brokenCase));
  } catch (error) {
    assert.ok(error instanceof ContentErrors, `expected ContentErrors, got ${String(error)}`);
    return error.errors.map((e) => e.message);
  }
  assert.fail(`case ${brokenCase} loaded without errors`);
}

describe('valid content', () => {
  test('loads articles, headings, sections, links and tracks', async () => {
    const site = await load(siteWith());
    assert.deepEqual(site.articles.map((a) => a.slug), ['alpha', 'beta']);
    const alpha = site.articles[0]!;
    assert.deepEqual(alpha.headings.map((h) => h.id), ['usage', 'check-yourself']);
    assert.equal(alpha.selfCheckQuestions, 3);
    assert.deepEqual(alpha.playgroundRefs.map((p) => p.id), ['demo']);
    assert.ok(alpha.sections.find((s) => s.id === 'usage')?.text.includes('Some words about usage'));
    assert.ok(!alpha.sections.some((s) => s.text.includes('package main')), 'code is not prose');
    assert.equal(site.articles[1]!.figures.length, 1);
    assert.equal(site.tracks[0]!.steps.length, 2);
    assert.ok(alpha.wordCount > 10 && alpha.wordCount < 60, `word count ${alpha.wordCount}`);
  });

  test('highlights code at build time with both themes', async () => {
    const site = await load(siteWith());
    const code = site.articles[0]!.code;
    assert.match(code, /data-language/);
    // Token colours as classes for both themes, no inline styles; each block is part of a run of
    // static HTML, one string (lib/content/static-html.ts), not an element per token.
    assert.match(code, /StaticHtml/);
    assert.match(code, /<code><span class=\\?"line\\?"><span class=\\?"l\d+ d\d+\\?">package<\/span>/);
    assert.doesNotMatch(code, /--shiki-/);
  });
});

describe('site queries, feed and sitemap', () => {
  test('neighbours, tags, feed entries and sitemap paths come from the loaded site', async () => {
    const site = await load(siteWith());
    assert.equal(neighbours(site, 'alpha').next?.slug, 'beta');
    assert.equal(neighbours(site, 'alpha').previous, undefined);
    assert.deepEqual(allTags(site)[0], { tag: 'fixture', articles: site.articles });
    const feed = atomFeed(site);
    assert.equal(feed.match(/<entry>/g)?.length, 2);
    assert.match(feed, /<updated>2026-11-02T00:00:00Z<\/updated>/);
    assert.match(feed, /<title>Alpha: the first fixture article<\/title>/);
    const paths = sitePaths(site, ['demo']).map((p) => p.path);
    for (const expected of ['/', '/articles/alpha', '/articles/beta', '/tracks/fixture-track', '/tags/fixture', '/playgrounds/demo']) assert.ok(paths.includes(expected), expected);
  });
});

// Each broken case: the file and line (or field) a writer must see in the message.
const CASES: [string, RegExp][] = [
  ['bad-frontmatter-type', /^content\/articles\/beta\.mdx:5 \(tags\): tags: .*array/],
  ['missing-field', /^content\/articles\/beta\.mdx:2 \(summary\): missing required field "summary"/],
  ['bad-enum', /^content\/articles\/beta\.mdx:4 \(topic\): topic: /],
  ['invalid-yaml', /^content\/articles\/alpha\.mdx:\d+:\d+: invalid YAML in frontmatter/],
  ['unknown-playground', /^content\/articles\/alpha\.mdx:24:1: unknown playground "nope"/],
  ['unknown-playground-field', /^content\/articles\/alpha\.mdx \(playgrounds\[1\]\): unknown playground "ghost"/],
  ['broken-link', /^content\/articles\/alpha\.mdx:14:\d+: broken link \/articles\/gamma: no article "gamma"/],
  ['broken-anchor', /^content\/articles\/alpha\.mdx:14:\d+: broken link \/articles\/beta#no-such-heading: article "beta" has no heading with id "no-such-heading"/],
  ['duplicate-slug', /^content\/articles\/more\/alpha\.mdx: duplicate slug "alpha": content\/articles\/alpha\.mdx has the same slug/],
  ['mdx-syntax', /^content\/articles\/alpha\.mdx:18:\d+: MDX syntax error/],
  ['unclosed-component', /^content\/articles\/alpha\.mdx:18:1: MDX syntax error: Expected a closing tag for `<Callout>`/],
  ['missing-image', /^content\/articles\/alpha\.mdx:18:1: image \/images\/missing\.svg does not exist in public\//],
  ['unknown-component', /^content\/articles\/alpha\.mdx:18:1: unknown component <Callot>/],
  ['bad-self-check', /^content\/articles\/alpha\.mdx:28:1: <SelfCheck> questions\[0\]\.choices: each question needs exactly one choice/],
  ['code-language', /^content\/articles\/alpha\.mdx:20:1: unknown code language "golang"/],
  ['go-not-a-file', /^content\/articles\/alpha\.mdx:20:1: Go block is not a complete file \(no package clause\): mark a piece of code ```go fragment/],
  ['go-fence-meta', /^content\/articles\/alpha\.mdx:20:1: unknown Go fence meta "runnable"/],
  ['go-excerpt-mismatch', /^content\/articles\/alpha\.mdx:22: Go excerpt differs from content\/go\/demo\/demo\.go at its line 2: "func Answer\(\) int \{ return 41 \}"/],
  ['go-excerpt-missing', /^content\/articles\/alpha\.mdx:20:1: file=content\/go\/nowhere\/x\.go does not exist/],
  ['bad-track', /^content\/tracks\/fixture-track\.json:8 \(steps\[1\]\.article\): unknown article "gamma"/],
];

describe('broken content fails with file and line or field', () => {
  for (const [brokenCase, expected] of CASES) {
    test(brokenCase, async () => {
      const messages = await errorsOf(brokenCase);
      assert.ok(messages.some((m) => expected.test(m)), `no message matched ${expected}:\n${messages.join('\n')}`);
    });
  }
});
