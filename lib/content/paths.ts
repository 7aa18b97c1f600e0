import type { Site } from './load';
import { allTags } from './queries';

/** Every public page of the site, for the sitemap and the link checks. */
export function sitePaths(site: Site, playgroundIds: readonly string[] = []): { path: string; lastModified?: string }[] {
  const latest = site.articles.map((a) => a.frontmatter.updated).sort().at(-1);
  return [
    { path: '/', lastModified: latest },
    { path: '/articles', lastModified: latest },
    { path: '/tracks' },
    { path: '/tags' },
    { path: '/playgrounds' },
    ...site.articles.map((a) => ({ path: `/articles/${a.slug}`, lastModified: a.frontmatter.updated })),
    ...site.tracks.map((t) => ({ path: `/tracks/${t.slug}` })),
    ...allTags(site).map(({ tag }) => ({ path: `/tags/${tag}` })),
    ...playgroundIds.map((id) => ({ path: `/playgrounds/${id}` })),
  ];
}
