import type { Metadata } from 'next';
import { ArticleCard } from '@/components/article/ArticleCard';
import { articlesByTopic } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

export const metadata: Metadata = { title: 'All articles', description: 'Every article in Go Field Guide, by topic.' };

export default async function ArticlesPage() {
  const site = await getSite();
  return (
    <div className="page">
      <h1>All articles</h1>
      {articlesByTopic(site).map(({ topic, articles }) => (
        <section key={topic.id} aria-labelledby={topic.id} className="topic">
          <h2 id={topic.id}>{topic.title}</h2>
          <p className="muted">{topic.blurb}</p>
          <div className="card-grid">
            {articles.map((article) => (
              <ArticleCard key={article.slug} article={article} />
            ))}
          </div>
        </section>
      ))}
    </div>
  );
}
