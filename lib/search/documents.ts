import type { Site } from '../content/load';
import { TOPICS } from '../content/topics';

/** What the index needs to know about a playground (from playgrounds/<id>/playground.json). */
export interface PlaygroundInfo {
  id: string;
  title: string;
  summary: string;
  files: string[];
  /** Articles that discuss it without embedding it; they lend it their topic and tags too. */
  relatedArticles?: string[];
}

export type SearchDocumentKind = 'article' | 'section' | 'playground';

/** One searchable record: an article (title, summary, intro), one of its h2/h3 sections, or a playground. */
export interface SearchDocument {
  /** `a:<slug>`, `s:<slug>#<heading-id>` or `p:<playground-id>`. */
  id: string;
  kind: SearchDocumentKind;
  url: string;
  /** Results are grouped by this: the article slug, or `playground:<id>`. */
  group: string;
  /** The article's (or playground's) title. */
  title: string;
  /** The section heading; empty for articles and playgrounds. */
  heading: string;
  text: string;
  tags: string[];
  /** Topic ids: the article's topic, or the topics of the articles that embed a playground. */
  topics: string[];
}

export interface Facets {
  topics: { id: string; title: string }[];
  tags: string[];
}

export class SearchIndexError extends Error {
  constructor(readonly problems: string[]) {
    super(`search index: ${problems.length} anchor${problems.length === 1 ? '' : 's'} not on the page:\n  ${problems.join('\n  ')}`);
    this.name = 'SearchIndexError';
  }
}

/**
 * The index records for a compiled site, in a fixed order (sorted by id) so the same content always
 * gives the same index. Throws SearchIndexError when a section's anchor is not a heading the page renders.
 */
export function buildSearchDocuments(site: Site, playgrounds: readonly PlaygroundInfo[]): SearchDocument[] {
  const documents: SearchDocument[] = [];
  const problems: string[] = [];
  const embeddedBy = new Map<string, Set<string>>();
  const tagsOf = new Map<string, Set<string>>();

  for (const article of site.articles) {
    const { slug, frontmatter: fm } = article;
    const base = `/articles/${slug}`;
    const headingIds = new Set(article.headings.map((heading) => heading.id));
    const intro = article.sections.find((section) => section.id === '')?.text ?? '';
    const common = { group: slug, title: fm.title, tags: [...fm.tags], topics: [fm.topic] };
    documents.push({ id: `a:${slug}`, kind: 'article', url: base, heading: '', text: `${fm.summary} ${intro}`.trim(), ...common });
    for (const section of article.sections) {
      if (section.id === '') continue;
      if (!headingIds.has(section.id)) {
        problems.push(`${article.file}: section "${section.heading}" has id "${section.id}", which is not a heading id of the page`);
        continue;
      }
      documents.push({ id: `s:${slug}#${section.id}`, kind: 'section', url: `${base}#${section.id}`, heading: section.heading, text: section.text, ...common });
    }
    for (const id of new Set([...fm.playgrounds, ...article.playgroundRefs.map((ref) => ref.id)])) {
      embeddedBy.set(id, (embeddedBy.get(id) ?? new Set()).add(fm.topic));
      const tags = tagsOf.get(id) ?? new Set<string>();
      fm.tags.forEach((tag) => tags.add(tag));
      tagsOf.set(id, tags);
    }
  }
  if (problems.length) throw new SearchIndexError(problems);

  for (const playground of playgrounds) {
    for (const slug of playground.relatedArticles ?? []) {
      const article = site.articles.find((candidate) => candidate.slug === slug);
      if (!article) continue;
      embeddedBy.set(playground.id, (embeddedBy.get(playground.id) ?? new Set()).add(article.frontmatter.topic));
      const tags = tagsOf.get(playground.id) ?? new Set<string>();
      article.frontmatter.tags.forEach((tag) => tags.add(tag));
      tagsOf.set(playground.id, tags);
    }
  }

  for (const playground of playgrounds) {
    documents.push({
      id: `p:${playground.id}`,
      kind: 'playground',
      url: `/playgrounds/${playground.id}`,
      group: `playground:${playground.id}`,
      title: playground.title,
      heading: '',
      text: `Playground: ${playground.summary} Files: ${playground.files.join(', ')}`,
      tags: [...(tagsOf.get(playground.id) ?? [])].sort(),
      topics: [...(embeddedBy.get(playground.id) ?? [])].sort(),
    });
  }
  return documents.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The topics and tags the filters offer: only those some article has, topics in the guide's order. */
export function buildFacets(site: Site): Facets {
  const topics = new Set(site.articles.map((article) => article.frontmatter.topic as string));
  const tags = new Set(site.articles.flatMap((article) => article.frontmatter.tags));
  return {
    topics: TOPICS.filter((topic) => topics.has(topic.id)).map((topic) => ({ id: topic.id, title: topic.title })),
    tags: [...tags].sort(),
  };
}
