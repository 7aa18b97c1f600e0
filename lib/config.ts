/** Where the site is served; absolute URLs in the sitemap, feed and Open Graph tags use it. */
export const SITE_URL = (process.env.SITE_URL ?? 'http://localhost:3000').replace(/\/$/, '');
export const SITE_NAME = 'Go Field Guide';
export const SITE_DESCRIPTION =
  'A field guide for backend engineers: Go concurrency and runtime internals, resilient API platforms and cloud data systems, with playgrounds you can edit and run.';

export function absoluteUrl(pathname: string): string {
  return SITE_URL + (pathname.startsWith('/') ? pathname : `/${pathname}`);
}
