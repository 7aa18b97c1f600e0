'use client';

import Link from 'next/link';
import { useSyncExternalStore } from 'react';

/** The query string does not change without a navigation, which re-renders anyway. */
const subscribeToNothing = () => () => {};

export interface TrackPlace {
  slug: string;
  title: string;
  index: number;
  total: number;
  next?: { slug: string; title: string };
}

/** When the reader came from a track (?track=slug), show the step and the way on. */
export function TrackContext({ places }: { places: TrackPlace[] }) {
  const search = useSyncExternalStore(subscribeToNothing, () => window.location.search, () => '');
  const slug = new URLSearchParams(search).get('track');
  const place = places.find((p) => p.slug === slug);
  if (!place) return null;
  return (
    <nav className="track-context" aria-label="Track">
      <p>
        <Link href={`/tracks/${place.slug}`}>{place.title}</Link>: step {place.index + 1} of {place.total}
      </p>
      {place.next ? (
        <p>
          Next step: <Link href={`/articles/${place.next.slug}?track=${place.slug}`}>{place.next.title}</Link>
        </p>
      ) : (
        <p>This is the last step of the track.</p>
      )}
    </nav>
  );
}
