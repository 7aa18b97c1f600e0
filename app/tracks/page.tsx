import type { Metadata } from 'next';
import Link from 'next/link';
import { ProgressSummary } from '@/components/tracks/ProgressSummary';
import { trackMinutes } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

export const metadata: Metadata = { title: 'Onboarding tracks', description: 'Ordered reading paths through Go Field Guide for new team members.' };

export default async function TracksPage() {
  const site = await getSite();
  return (
    <div className="page">
      <h1>Onboarding tracks</h1>
      <p className="lede">Ordered reading paths for a new team member. Each step says why it comes where it does.</p>
      <ProgressSummary tracks={site.tracks.map((t) => ({ slug: t.slug, title: t.title, steps: t.steps.map((s) => s.article) }))} />
      <ul className="track-grid">
        {site.tracks.map((track) => (
          <li key={track.slug} className="card">
            <h2 className="card-title">
              <Link href={`/tracks/${track.slug}`}>{track.title}</Link>
            </h2>
            <p>{track.summary}</p>
            <p className="muted">
              For {track.audience} · {track.steps.length} articles · about {trackMinutes(site, track)} min
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
