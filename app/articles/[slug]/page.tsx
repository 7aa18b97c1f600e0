import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ArticleView } from '@/components/article/ArticleView';
import { findArticle } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

type Params = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export async function generateStaticParams() {
  const site = await getSite();
  return site.articles.map((article) => ({ slug: article.slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const article = findArticle(await getSite(), (await params).slug);
  if (!article) return {};
  const { title, summary, published, updated, tags } = article.frontmatter;
  return {
    title,
    description: summary,
    alternates: { canonical: `/articles/${article.slug}` },
    openGraph: { type: 'article', title, description: summary, url: `/articles/${article.slug}`, publishedTime: published, modifiedTime: updated, tags },
  };
}

export default async function ArticlePage({ params }: Params) {
  const site = await getSite();
  const article = findArticle(site, (await params).slug);
  if (!article) notFound();
  return <ArticleView site={site} article={article} />;
}
