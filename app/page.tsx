import Link from 'next/link';
import { TopicSection } from '@/components/article/TopicSection';
import { ProgressSummary } from '@/components/tracks/ProgressSummary';
import { articlesByTopic, trackMinutes } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

export default async function HomePage() {
  const site = await getSite();
  return (
    <div className="page home">
      <section className="hero">
        <h1>Go Field Guide</h1>
        <p className="lede">
          Field notes for backend engineers: how Go schedules and collects, how x/sync tames concurrency, how API platforms stay up, and how
          DynamoDB, Spanner and Athena store and find data. Each article explains one source in depth, cites it, and lets you run the pattern in
          your browser.
        </p>
      </section>

      <section aria-labelledby="start-heading" className="onboarding">
        <h2 id="start-heading">New to the team? Start with a track</h2>
        <ProgressSummary tracks={site.tracks.map((t) => ({ slug: t.slug, title: t.title, steps: t.steps.map((s) => s.article) }))} />
        <ul className="track-grid">
          {site.tracks.map((track) => (
            <li key={track.slug} className="card">
              <h3 className="card-title">
                <Link href={`/tracks/${track.slug}`}>{track.title}</Link>
              </h3>
              <p>{track.summary}</p>
              <p className="muted">
                {track.steps.length} articles · about {trackMinutes(site, track)} min
              </p>
            </li>
          ))}
        </ul>
      </section>

      {articlesByTopic(site).map(({ topic, articles }) => (
        <TopicSection key={topic.id} topic={topic} articles={articles} headingId={`topic-${topic.id}`} />
      ))}
    </div>
  );
}
