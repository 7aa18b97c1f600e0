import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Playground } from '@/components/playground/Playground';
import { listPlaygroundViews, relatedArticlesOf } from '@/components/playground/load';
import { findArticle } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

type Params = { params: Promise<{ id: string }> };

export const dynamicParams = false;

export function generateStaticParams() {
  return listPlaygroundViews().map((pg) => ({ id: pg.id }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  const pg = listPlaygroundViews().find((p) => p.id === id);
  if (!pg) return {};
  return { title: `${pg.title} (playground)`, description: pg.summary, alternates: { canonical: `/playgrounds/${pg.id}` } };
}

export default async function PlaygroundPage({ params }: Params) {
  const { id } = await params;
  const pg = listPlaygroundViews().find((p) => p.id === id);
  if (!pg) notFound();
  const site = await getSite();
  const related = relatedArticlesOf(id).flatMap((slug) => {
    const article = findArticle(site, slug);
    return article ? [{ slug, title: article.frontmatter.title }] : [];
  });
  return (
    <div className="playground-page-layout">
      <p className="eyebrow">
        <Link href="/playgrounds">Playgrounds</Link>
      </p>
      <h1>{pg.title}</h1>
      <p className="lede">{pg.summary}</p>
      <Playground id={id} variant="page" />
      {related.length > 0 && (
        <nav aria-label="Related articles" className="playground-related">
          <h2>Read more</h2>
          <ul>
            {related.map((a) => (
              <li key={a.slug}>
                <Link href={`/articles/${a.slug}`}>{a.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </div>
  );
}
