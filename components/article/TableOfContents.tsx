'use client';

import { useEffect, useState } from 'react';
import type { Heading } from '@/lib/content/compile';

/** Headings of the article; the one whose section is in view is marked with aria-current. */
export function TableOfContents({ headings }: { headings: Heading[] }) {
  const [active, setActive] = useState<string | undefined>(headings[0]?.id);

  useEffect(() => {
    const elements = headings.map((h) => document.getElementById(h.id)).filter((el): el is HTMLElement => el !== null);
    if (elements.length === 0) return;
    // The active section is the last heading above the upper quarter of the viewport.
    const update = () => {
      const line = window.innerHeight * 0.25;
      let current = elements[0]!.id;
      for (const el of elements) if (el.getBoundingClientRect().top <= line) current = el.id;
      setActive(current);
    };
    update();
    // A #fragment in the URL may be scrolled to after hydration: look again once it has happened.
    const frame = requestAnimationFrame(update);
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('hashchange', update);
    window.addEventListener('load', update);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', update);
      window.removeEventListener('hashchange', update);
      window.removeEventListener('load', update);
    };
  }, [headings]);

  if (headings.length === 0) return null;
  return (
    <nav className="toc" aria-label="On this page">
      <p className="toc-title">On this page</p>
      <ol>
        {headings.map((h) => (
          <li key={h.id} className={`toc-depth-${h.depth}`}>
            <a href={`#${h.id}`} aria-current={active === h.id ? 'location' : undefined}>
              {h.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
