/**
 * Search relevance over the real, compiled content: every query in relevance-queries.ts must find its
 * article (top 1 for exact queries, ≥ 95 % of prefix and ≥ 90 % of misspelt queries at top 1, all in the
 * top 5) and, where it names a section, that section. Prints the rates.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadIndex, search, type LoadedIndex } from '../../../lib/search/engine';
import { buildSearchIndexFile, readPlaygroundInfo } from '../../../lib/search-index';
import { getSite } from '../../../lib/site';
import { RELEVANCE_QUERIES, type RelevanceQuery } from './relevance-queries';

/** Top-1 rates; questions must also all be in the top 3 (below). */
const THRESHOLDS = { exact: 1, prefix: 0.95, typo: 0.9, question: 0.9 } as const;

interface Outcome {
  query: RelevanceQuery;
  rank: number;
  headingRank: number;
  top: string;
}

let index: LoadedIndex;
let slugs: Set<string>;
let outcomes: Outcome[];

before(async () => {
  const site = await getSite();
  slugs = new Set(site.articles.map((article) => article.slug));
  const file = buildSearchIndexFile(site, readPlaygroundInfo());
  index = loadIndex(file.body, file.textBody);
  outcomes = RELEVANCE_QUERIES.map((query) => {
    const groups = search(index, query.q, { maxGroups: 5, maxHitsPerGroup: 3 });
    const rank = groups.findIndex((group) => group.key === query.article);
    const hits = groups[rank]?.hits ?? [];
    const headingRank = query.heading ? hits.findIndex((hit) => hit.url === `/articles/${query.article}#${query.heading}`) : 0;
    const top = groups.slice(0, 3).map((group) => `${group.key}${group.hits[0]?.url.includes('#') ? '#' + group.hits[0].url.split('#')[1] : ''}`).join(', ');
    return { query, rank, headingRank, top };
  });
});

const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)} % (${n}/${of})`;

describe('search relevance on the real articles', () => {
  test('the suite is large enough and names real articles and headings', async () => {
    assert.ok(RELEVANCE_QUERIES.length >= 60, `only ${RELEVANCE_QUERIES.length} queries`);
    const site = await getSite();
    for (const query of RELEVANCE_QUERIES) {
      const article = site.articles.find((a) => a.slug === query.article);
      assert.ok(article, `query "${query.q}" expects article "${query.article}", which does not exist`);
      if (query.heading) assert.ok(article.headings.some((h) => h.id === query.heading), `query "${query.q}": no heading #${query.heading} in ${query.article}`);
    }
    const covered = new Set(RELEVANCE_QUERIES.map((q) => q.article));
    const uncovered = [...slugs].filter((slug) => !covered.has(slug));
    assert.deepEqual(uncovered, [], `articles without relevance queries: add some to tests/unit/search/relevance-queries.ts`);
  });

  test('every query has results and finds its article in the top 5', () => {
    const failures = outcomes.filter((o) => o.rank < 0).map((o) => `"${o.query.q}" (${o.query.kind}) expected ${o.query.article}, got: ${o.top || 'no results'}`);
    assert.deepEqual(failures, []);
  });

  test('top-1 rates meet the thresholds (exact 100 %, prefix ≥ 95 %, misspelt ≥ 90 %, questions ≥ 90 %)', () => {
    const lines: string[] = [];
    const failures: string[] = [];
    for (const kind of ['exact', 'prefix', 'typo', 'question'] as const) {
      const ofKind = outcomes.filter((o) => o.query.kind === kind);
      const top1 = ofKind.filter((o) => o.rank === 0).length;
      lines.push(`  ${kind.padEnd(6)} top-1 ${pct(top1, ofKind.length)}, top-5 ${pct(ofKind.filter((o) => o.rank >= 0).length, ofKind.length)}`);
      if (top1 / ofKind.length < THRESHOLDS[kind]) failures.push(`${kind}: top-1 ${pct(top1, ofKind.length)} is below ${THRESHOLDS[kind] * 100} %`);
      for (const o of ofKind.filter((o) => o.rank !== 0)) lines.push(`    not top-1: "${o.query.q}" → ${o.top}`);
    }
    const multi = outcomes.filter((o) => o.query.q.trim().includes(' '));
    lines.push(`  multi-word top-1 ${pct(multi.filter((o) => o.rank === 0).length, multi.length)}`);
    const named = outcomes.filter((o) => o.query.heading && o.rank >= 0);
    lines.push(`  named section: first in its article ${pct(named.filter((o) => o.headingRank === 0).length, named.length)}, shown (top 3) ${pct(named.filter((o) => o.headingRank >= 0).length, named.length)}`);
    console.log(`search relevance, ${outcomes.length} queries over ${slugs.size} articles (${index.documentCount} records):\n${lines.join('\n')}`);
    assert.deepEqual(failures, []);
  });

  test('every question finds its article in the top 3', () => {
    const questions = outcomes.filter((o) => o.query.kind === 'question');
    assert.ok(questions.length >= 40, `only ${questions.length} question queries`);
    const failures = questions.filter((o) => o.rank < 0 || o.rank > 2).map((o) => `"${o.query.q}" expected ${o.query.article} in the top 3, got: ${o.top || 'no results'}`);
    assert.deepEqual(failures, []);
  });

  test('a query that names a section shows that section among its article’s results', () => {
    const failures = outcomes
      .filter((o) => o.query.heading && o.rank >= 0 && o.headingRank < 0)
      .map((o) => `"${o.query.q}" expected #${o.query.heading} in ${o.query.article}, got: ${o.top}`);
    assert.deepEqual(failures, []);
  });
});
