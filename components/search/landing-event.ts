/** Tells an already-open article page to highlight a search's words (a result in the same article was opened). */
export const LANDING_EVENT = 'gfg-search-landing';

export interface LandingDetail {
  q: string;
  /** The section's heading id; empty for the article's start. */
  id: string;
}

export function dispatchLanding(detail: LandingDetail) {
  // After the router has updated the URL and scrolled.
  window.setTimeout(() => window.dispatchEvent(new CustomEvent<LandingDetail>(LANDING_EVENT, { detail })), 50);
}
