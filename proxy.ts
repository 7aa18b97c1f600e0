import { NextResponse, type NextRequest } from 'next/server';
import { builtPagePolicy } from './lib/csp';

/**
 * Sends each page's Content-Security-Policy (lib/csp.ts: scripts from this origin plus the page's
 * own inline scripts by hash). The other security headers come from next.config.js.
 */
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  // RSC payload fetches of client-side navigation are not documents: the first page's policy applies.
  if (request.headers.has('rsc')) return response;
  const policy = process.env.NODE_ENV === 'production' ? builtPagePolicy(request.nextUrl.pathname) : undefined;
  if (policy) response.headers.set('Content-Security-Policy', policy);
  return response;
}

// Pages only: not Next's assets, and not files (the sandbox frame, feed, sitemap and search index
// end in an extension; the sandbox frame sends its own policy).
export const config = { matcher: ['/((?!_next/|.*\\.[A-Za-z0-9]+$).*)'] };
