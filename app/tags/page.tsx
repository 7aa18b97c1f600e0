import type { Metadata } from 'next';
import Link from 'next/link';
import { allTags } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

export const metadata: Metadata = { title: 'Tags', description: 'Browse Go Field Guide articles by tag.' };

export default async function TagsPage() {
  const tags = allTags(await getSite());
  return (
    <div className="page">
      <h1>Tags</h1>
      <ul className="tag-cloud">
        {tags.map(({ tag, articles }) => (
          <li key={tag}>
            <Link href={`/tags/${tag}`} className="tag">
              #{tag} <span className="muted">({articles.length})</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
