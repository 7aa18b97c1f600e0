import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TrackSteps } from '@/components/tracks/TrackSteps';
import { findArticle, findTrack, trackMinutes } from '@/lib/content/queries';
import { getSite } from '@/lib/site';

type Params = { params: Promise<{ slug: string }> };

export const dynamicParams = false;

export async function generateStaticParams() {
  return (await getSite()).tracks.map((track) => ({ slug: track.slug }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const track = findTrack(await getSite(), (await params).slug);
  return track ? { title: track.title, description: track.summary, alternates: { canonical: `/tracks/${track.slug}` } } : {};
}

export default async function TrackPage({ params }: Params) {
  const site = await getSite();
  const track = findTrack(site, (await params).slug);
  if (!track) notFound();
  const steps = track.steps.map((step) => {
    const article = findArticle(site, step.article)!;
    return { slug: article.slug, title: article.frontmatter.title, summary: article.frontmatter.summary, why: step.why, minutes: article.readingMinutes };
  });
  return (
    <div className="page">
      <p className="eyebrow">
        <Link href="/tracks">Onboarding tracks</Link>
      </p>
      <h1>{track.title}</h1>
      <p className="lede">{track.summary}</p>
      <p className="muted">
        For {track.audience} · {steps.length} articles · about {trackMinutes(site, track)} min of reading
      </p>
      <TrackSteps trackSlug={track.slug} steps={steps} />
    </div>
  );
}
