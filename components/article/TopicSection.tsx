import type { Article } from '@/lib/content/load';
import type { TOPICS } from '@/lib/content/topics';
import { ArticleCard } from './ArticleCard';

/** One topic with its article cards; `headingId` is the anchor other pages link to. */
export function TopicSection({ topic, articles, headingId }: { topic: (typeof TOPICS)[number]; articles: Article[]; headingId: string }) {
  return (
    <section aria-labelledby={headingId} className="topic">
      <h2 id={headingId}>{topic.title}</h2>
      <p className="muted">{topic.blurb}</p>
      <div className="card-grid">
        {articles.map((article) => (
          <ArticleCard key={article.slug} article={article} />
        ))}
      </div>
    </section>
  );
}
