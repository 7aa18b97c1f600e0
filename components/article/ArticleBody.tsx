'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { COPY_BUTTON, STATIC_RUN_CLASS } from '@/lib/content/article-markup';

type CopyState = keyof typeof COPY_BUTTON.label;
const RESET_MS = 2000;

/**
 * An internal link in a run of static HTML that the router can take: same origin, no new window,
 * no download. Links React renders (next/link) handle themselves.
 */
function routableLink(target: EventTarget | null, root: HTMLElement): string | null {
  if (!(target instanceof Element)) return null;
  const link = target.closest('a[href]');
  if (!(link instanceof HTMLAnchorElement) || !root.contains(link) || !link.closest(`.${STATIC_RUN_CLASS}`)) return null;
  const href = link.getAttribute('href') ?? '';
  if (!href.startsWith('/') || href.startsWith('//')) return null;
  if ((link.target && link.target !== '_self') || link.hasAttribute('download')) return null;
  return href;
}

/** The button's label and its screen-reader status; the button is plain HTML, not React's. */
function show(button: HTMLButtonElement, state: CopyState) {
  const label = button.firstChild;
  if (label?.nodeType === Node.TEXT_NODE) label.nodeValue = COPY_BUTTON.label[state];
  const status = button.querySelector('[role="status"]');
  if (status) status.textContent = COPY_BUTTON.status[state];
}

/**
 * The article's prose and the one piece of script its static HTML needs (lib/content/static-html.ts
 * writes the prose as runs of HTML that React neither builds nor hydrates), by event delegation on
 * the prose: the copy buttons of code blocks, and client-side navigation for internal links, which
 * are prefetched when the reader points at, touches or focuses them. Heading anchors are plain
 * links; the table of contents and the search landing highlight read the DOM themselves.
 */
export function ArticleBody({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const routerRef = useRef(router);
  useEffect(() => {
    routerRef.current = router;
  }, [router]);

  useEffect(() => {
    const root = ref.current;
    if (!root) return;
    const timers = new Map<HTMLButtonElement, number>();
    const prefetched = new Set<string>();

    async function copy(button: HTMLButtonElement) {
      const code = button.closest('.code-block')?.querySelector('pre')?.textContent ?? '';
      let state: CopyState = 'copied';
      try {
        await navigator.clipboard.writeText(code);
      } catch {
        state = 'failed';
      }
      show(button, state);
      window.clearTimeout(timers.get(button));
      timers.set(button, window.setTimeout(() => show(button, 'idle'), RESET_MS));
    }

    const onClick = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const button = target?.closest(`button.${COPY_BUTTON.className}`);
      if (button instanceof HTMLButtonElement && root.contains(button)) {
        void copy(button);
        return;
      }
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const href = routableLink(target, root);
      if (!href) return;
      event.preventDefault();
      routerRef.current.push(href);
    };
    const prefetch = (event: Event) => {
      const href = routableLink(event.target, root);
      if (!href || prefetched.has(href)) return;
      prefetched.add(href);
      routerRef.current.prefetch(href);
    };

    root.addEventListener('click', onClick);
    for (const type of ['mouseover', 'focusin', 'touchstart'] as const) root.addEventListener(type, prefetch, { passive: true });
    return () => {
      root.removeEventListener('click', onClick);
      for (const type of ['mouseover', 'focusin', 'touchstart'] as const) root.removeEventListener(type, prefetch);
      for (const timer of timers.values()) window.clearTimeout(timer);
    };
  }, []);

  return (
    <div ref={ref} className="prose">
      {children}
    </div>
  );
}
