'use client';

import { useEffect, useRef } from 'react';
import { markRead } from '@/lib/progress';

/** Placed at the end of an article: reaching it records the article as read. */
export function ReadMarker({ slug }: { slug: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        markRead(slug);
        observer.disconnect();
      }
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [slug]);
  return <div ref={ref} className="read-marker" aria-hidden="true" />;
}
