import type { Metadata } from 'next';
import { TopicSection } from '@/components/article/TopicSection';
import { articlesByTopic } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

export const metadata: Metadata = { title: 'All articles', description: 'Every article in Go Field Guide, by topic.' };

export default async function ArticlesPage() {
  const site = await getSite();
  return (
    <div className="page">
      <h1>All articles</h1>
      {articlesByTopic(site).map(({ topic, articles }) => (
        <TopicSection key={topic.id} topic={topic} articles={articles} headingId={topic.id} />
      ))}
    </div>
  );
}
