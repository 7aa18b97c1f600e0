import type { Metadata } from 'next';
import Link from 'next/link';
import { listPlaygroundViews, relatedArticlesOf } from '@/components/playground/load';
import { findArticle } from '@/lib/content/queries';
import { TOPICS } from '@/lib/content/topics';
import { getSite } from '@/lib/site';
import '@/components/playground/playground.css';

export const metadata: Metadata = {
  title: 'Playgrounds',
  description: 'Runnable demos of Go concurrency, the Go runtime, resilient APIs and cloud data systems, each with its Go original: edit them and run them in your browser.',
  alternates: { canonical: '/playgrounds' },
};

export default async function PlaygroundsPage() {
  const site = await getSite();
  const playgrounds = listPlaygroundViews();
  // Each demo sits under the topic of the first article it belongs to, topics in the site's order.
  const topicOf = (id: string) => findArticle(site, relatedArticlesOf(id)[0] ?? '')?.frontmatter.topic;
  const groups = TOPICS.map((topic) => ({ topic, playgrounds: playgrounds.filter((pg) => topicOf(pg.id) === topic.id) })).filter((g) => g.playgrounds.length > 0);
  return (
    <div className="page">
      <h1>Playgrounds</h1>
      <p className="lede">
        Each playground is a small TypeScript program that mirrors a Go original, line for line where it can. Edit it and run it. Programs run in your browser: in a WebContainer when one can start (it loads StackBlitz&apos;s service from stackblitz.com; your code stays in the browser), otherwise in the in-browser sandbox, which uses no server at all.
      </p>
      {groups.map(({ topic, playgrounds: inTopic }) => (
        <section key={topic.id} aria-labelledby={`topic-${topic.id}`}>
          <h2 id={`topic-${topic.id}`}>{topic.title}</h2>
          <ul className="playground-index">
            {inTopic.map((pg) => {
              const related = relatedArticlesOf(pg.id).flatMap((slug) => {
                const article = findArticle(site, slug);
                return article ? [{ slug, title: article.frontmatter.title }] : [];
              });
              return (
                <li key={pg.id} className="playground-card">
                  <h3>
                    <Link href={`/playgrounds/${pg.id}`}>{pg.title}</Link>
                  </h3>
                  <p>{pg.summary}</p>
                  <p className="muted">Files: {pg.files.map((f) => f.path).join(', ')}</p>
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
        </section>
      ))}
    </div>
  );
}
