import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Site } from '../../lib/content/load';
import { getSite } from '../../lib/site';

/** The measurable parts of the editorial bar, checked on the real content. */
let site: Site;
before(async () => {
  site = await getSite();
});

describe('every article meets the editorial bar', () => {
  test('the guide covers all fifteen sources', () => {
    assert.equal(site.articles.length, 15);
  });

  test('each article is checked', async () => {
    for (const article of site.articles) {
      const { slug, frontmatter: fm } = article;
      assert.ok(article.wordCount >= 1200 && article.wordCount <= 3600, `${slug}: ${article.wordCount} words of prose, expected 1,200 to 3,600`);
      assert.ok(fm.original, `${slug}: names the original it covers`);
      assert.ok(fm.sources.length >= 2, `${slug}: cites at least two sources`);
      assert.ok(article.figures.length >= 1, `${slug}: has a figure`);
      for (const figure of article.figures) assert.ok(figure.alt.length >= 40, `${slug}: figure at line ${figure.line} has a real text alternative`);
      assert.ok(article.selfCheckQuestions >= 3 && article.selfCheckQuestions <= 5, `${slug}: self-check has 3 to 5 questions`);
      assert.ok(article.headings.some((h) => h.depth === 2 && /^What has changed since/.test(h.text)), `${slug}: has a "What has changed since" section`);
      assert.equal(article.headings.at(-1)?.text, 'Check yourself', `${slug}: ends with Check yourself`);
      assert.ok(fm.checked && fm.checked.date >= '2026-12-01', `${slug}: says what it was checked against, checked in December 2026 or later`);
      const internal = article.links.filter((l) => l.url.startsWith('/articles/'));
      assert.ok(internal.length >= 2, `${slug}: links to related articles (${internal.length})`);
    }
  });

  test('no article says a fact could not be checked: find the fact, or leave the claim out', () => {
    for (const article of site.articles) {
      const source = readFileSync(article.file, 'utf8');
      const hedge = /\b(?:could not|couldn't|cannot|can't|was not|wasn't) (?:be )?(?:checked|verified|confirmed)\b/i.exec(source);
      assert.equal(hedge, null, `${article.slug}: "${hedge?.[0]}"`);
    }
  });

  test('every review finding is answered in docs/review-responses.md, article by article', () => {
    const responses = readFileSync('docs/review-responses.md', 'utf8');
    let findings = 0;
    for (const article of site.articles) {
      const section = new RegExp(`^## ${article.slug}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(responses)?.[1];
      assert.ok(section, `${article.slug} has its section of review responses`);
      const rows = section.split('\n').filter((line) => line.startsWith('| ') && !/^\| (?:Finding|-)/.test(line));
      assert.ok(rows.length >= 10, `${article.slug}: only ${rows.length} findings recorded`);
      for (const row of rows) assert.match(row, /\|\s*(?:fixed|answered)\s*\|/, `${article.slug}: a finding with no status: ${row.slice(0, 120)}`);
      findings += rows.length;
    }
    assert.ok(findings >= 400, `only ${findings} findings recorded`);
  });

  test('every article embeds the playground of its subject', () => {
    const expected: Record<string, string[]> = {
      'advanced-go-concurrency': ['errgroup', 'singleflight', 'semaphore'],
      'errgroup-package': ['errgroup'],
      'resilient-api-platform-fox': ['circuit-breaker', 'singleflight', 'throttling'],
      'go-scheduler-affinity': ['scheduler'],
      'g0-special-goroutine': ['scheduler'],
      'go-memory-ballast-and-gomemlimit': ['gc-pacer'],
      'go-execution-tracing': ['trace-regions'],
      'ml-nlp-python-tutorials-map': ['link-checker'],
      'dynamodb-single-table-design': ['single-table'],
      'dynamodb-z-order-indexing': ['z-order'],
      'inside-cloud-spanner': ['commit-wait'],
      'athena-cloudfront-log-queries': ['athena-pruning'],
      'api-gateway-http-apis': ['api-gateway'],
      'bittorrent-client-in-go': ['bittorrent-swarm'],
      'event-sourcing-at-grab': ['windowed-pipeline'],
    };
    for (const [slug, ids] of Object.entries(expected)) {
      const article = site.articles.find((a) => a.slug === slug);
      assert.ok(article, slug);
      for (const id of ids) assert.ok(article.playgroundRefs.some((ref) => ref.id === id), `${slug} embeds ${id}`);
    }
  });
});

describe('onboarding tracks', () => {
  test('at least four tracks, the named ones among them, covering every article', () => {
    assert.ok(site.tracks.length >= 4);
    const titles = site.tracks.map((t) => t.title);
    for (const title of ['Go concurrency essentials', 'Inside the Go runtime', 'Resilient services', 'Data systems on AWS and Spanner']) assert.ok(titles.includes(title), title);
    const covered = new Set(site.tracks.flatMap((t) => t.steps.map((s) => s.article)));
    for (const article of site.articles) assert.ok(covered.has(article.slug), `${article.slug} is in a track`);
  });
});
