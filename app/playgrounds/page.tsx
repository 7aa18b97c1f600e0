import type { Metadata } from 'next';
import Link from 'next/link';
import { listPlaygroundViews, relatedArticlesOf } from '@/components/playground/load';
import { findArticle } from '@/lib/content/queries';
import { getSite } from '@/lib/site';
import '@/components/playground/playground.css';

export const metadata: Metadata = {
  title: 'Playgrounds',
  description: 'Runnable TypeScript ports of Go concurrency and resilience patterns: edit them and run them in your browser.',
  alternates: { canonical: '/playgrounds' },
};

export default async function PlaygroundsPage() {
  const site = await getSite();
  const playgrounds = listPlaygroundViews();
  return (
    <div className="page">
      <h1>Playgrounds</h1>
      <p className="lede">
        Each playground is a small TypeScript program that mirrors a Go original, line for line where it can. Edit it and run it: it runs in a WebContainer when one can start, otherwise in a sandbox inside your browser. Nothing is sent to a server.
      </p>
      <ul className="playground-index">
        {playgrounds.map((pg) => {
          const related = relatedArticlesOf(pg.id).flatMap((slug) => {
            const article = findArticle(site, slug);
            return article ? [{ slug, title: article.frontmatter.title }] : [];
          });
          return (
            <li key={pg.id} className="playground-card">
              <h2>
                <Link href={`/playgrounds/${pg.id}`}>{pg.title}</Link>
              </h2>
              <p>{pg.summary}</p>
              <p className="muted">
                Files: {pg.files.map((f) => f.path).join(', ')}
              </p>
              {related.length > 0 && (
                <p>
                  Read about it in{' '}
                  {related.map((a, i) => (
                    <span key={a.slug}>
                      {i > 0 && (i === related.length - 1 ? ' and ' : ', ')}
                      <Link href={`/articles/${a.slug}`}>{a.title}</Link>
                    </span>
                  ))}
                  .
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
