import type { Article, Site, Track } from './load';
import { TOPICS, type TopicId } from './topics';

export function findArticle(site: Site, slug: string): Article | undefined {
  return site.articles.find((article) => article.slug === slug);
}

/** The articles before and after this one in the guide's reading order. */
export function neighbours(site: Site, slug: string): { previous?: Article; next?: Article } {
  const index = site.articles.findIndex((article) => article.slug === slug);
  if (index < 0) return {};
  return { previous: site.articles[index - 1], next: site.articles[index + 1] };
}

export function articlesByTopic(site: Site): { topic: (typeof TOPICS)[number]; articles: Article[] }[] {
  return TOPICS.map((topic) => ({ topic, articles: site.articles.filter((a) => a.frontmatter.topic === topic.id) })).filter(
    (group) => group.articles.length > 0,
  );
}

export function topicOf(id: TopicId) {
  return TOPICS.find((topic) => topic.id === id)!;
}

/** Every tag with its articles, most used first, then alphabetical. */
export function allTags(site: Site): { tag: string; articles: Article[] }[] {
  const byTag = new Map<string, Article[]>();
  for (const article of site.articles) {
    for (const tag of article.frontmatter.tags) byTag.set(tag, [...(byTag.get(tag) ?? []), article]);
  }
  return [...byTag.entries()]
    .map(([tag, articles]) => ({ tag, articles }))
    .sort((a, b) => b.articles.length - a.articles.length || a.tag.localeCompare(b.tag));
}

export function findTrack(site: Site, slug: string): Track | undefined {
  return site.tracks.find((track) => track.slug === slug);
}

/** Tracks that include an article, with the step's position, for "you are on step 2 of 5". */
export function tracksContaining(site: Site, slug: string): { track: Track; index: number }[] {
  return site.tracks.flatMap((track) => {
    const index = track.steps.findIndex((step) => step.article === slug);
    return index >= 0 ? [{ track, index }] : [];
  });
}

export function trackMinutes(site: Site, track: Track): number {
  return track.steps.reduce((sum, step) => sum + (findArticle(site, step.article)?.readingMinutes ?? 0), 0);
}

export function formatDate(isoDay: string): string {
  return new Date(`${isoDay}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
