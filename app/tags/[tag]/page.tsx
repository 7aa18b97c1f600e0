import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ArticleCard } from '@/components/article/ArticleCard';
import { allTags } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

type Params = { params: Promise<{ tag: string }> };

export const dynamicParams = false;

export async function generateStaticParams() {
  return allTags(await getSite()).map(({ tag }) => ({ tag }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { tag } = await params;
  return { title: `#${tag}`, description: `Go Field Guide articles tagged ${tag}.`, alternates: { canonical: `/tags/${tag}` } };
}

export default async function TagPage({ params }: Params) {
  const { tag } = await params;
  const entry = allTags(await getSite()).find((t) => t.tag === tag);
  if (!entry) notFound();
  return (
    <div className="page">
      <p className="eyebrow">
        <Link href="/tags">Tags</Link>
      </p>
      <h1>#{tag}</h1>
      <p className="muted">
        {entry.articles.length} article{entry.articles.length === 1 ? '' : 's'}
      </p>
      <div className="card-grid">
        {entry.articles.map((article) => (
          <ArticleCard key={article.slug} article={article} headingLevel={2} />
        ))}
      </div>
    </div>
  );
}
