'use client';

import { useEffect } from 'react';
import { LANDING_EVENT, type LandingDetail } from './landing-event';

/**
 * On an article opened from search (`?q=…#section`), scroll to the section and briefly highlight the
 * searched words in it. Renders nothing; the highlighting code loads only when there is a query.
 */
export function SearchLanding() {
  useEffect(() => {
    let cancel: (() => void) | undefined;
    let stale = false;
    const run = (detail: LandingDetail) => {
      cancel?.();
      void import('./landing-highlight').then(({ highlightLanding }) => {
        if (!stale) cancel = highlightLanding(detail.q, detail.id);
      });
    };
    const q = new URLSearchParams(window.location.search).get('q');
    if (q?.trim()) run({ q, id: decodeURIComponent(window.location.hash.slice(1)) });
    const onLanding = (event: Event) => run((event as CustomEvent<LandingDetail>).detail);
    window.addEventListener(LANDING_EVENT, onLanding);
    return () => {
      stale = true;
      cancel?.();
      window.removeEventListener(LANDING_EVENT, onLanding);
    };
  }, []);
  return null;
}
