import type { Site } from './content/load';
import { absoluteUrl, SITE_DESCRIPTION, SITE_NAME } from './config';

const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** An Atom 1.0 feed of every article, newest update first. */
export function atomFeed(site: Site): string {
  const articles = [...site.articles].sort((a, b) => b.frontmatter.updated.localeCompare(a.frontmatter.updated) || a.slug.localeCompare(b.slug));
  const updated = articles[0]?.frontmatter.updated ?? '2026-01-01';
  const entries = articles.map((a) => {
    const url = absoluteUrl(`/articles/${a.slug}`);
    return `  <entry>
    <title>${escapeXml(a.frontmatter.title)}</title>
    <link href="${url}"/>
    <id>${url}</id>
    <published>${a.frontmatter.published}T00:00:00Z</published>
    <updated>${a.frontmatter.updated}T00:00:00Z</updated>
    <summary>${escapeXml(a.frontmatter.summary)}</summary>
${a.frontmatter.tags.map((tag) => `    <category term="${escapeXml(tag)}"/>`).join('\n')}
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>${escapeXml(SITE_NAME)}</title>
  <subtitle>${escapeXml(SITE_DESCRIPTION)}</subtitle>
  <link href="${absoluteUrl('/')}"/>
  <link rel="self" href="${absoluteUrl('/feed.xml')}"/>
  <id>${absoluteUrl('/')}</id>
  <updated>${updated}T00:00:00Z</updated>
  <author><name>Go Field Guide</name></author>
${entries.join('\n')}
</feed>
`;
}
