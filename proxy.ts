import { NextResponse, type NextRequest } from 'next/server';
import { builtPagePolicy } from './lib/csp';

/**
 * Sends each page's Content-Security-Policy (lib/csp.ts: scripts from this origin plus the page's
 * own inline scripts by hash). The other security headers come from next.config.js.
 */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  const policy = process.env.NODE_ENV === 'production' ? builtPagePolicy(request.nextUrl.pathname) : undefined;
  if (policy) response.headers.set('Content-Security-Policy', policy);
  return response;
}

// Documents only: not Next's assets, not files (the sandbox frame, feed, sitemap and search index
// end in an extension; the sandbox frame sends its own policy), and not the RSC payload fetches of
// client-side navigation (they are not documents: the first page's policy stays in force).
export const config = {
  matcher: [{ source: '/((?!_next/|.*\\.[A-Za-z0-9]+$).*)', missing: [{ type: 'header', key: 'rsc' }] }],
};
