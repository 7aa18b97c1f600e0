import { sandboxFramePolicy } from '@/lib/csp';
import { sandboxFrameHtml } from '@/lib/runtime/sandbox-frame';

export const dynamic = 'force-static';

/**
 * The playground sandbox's document: the page opens it in `<iframe sandbox="allow-scripts">`, so it
 * runs with an opaque origin. It carries its own policy (eval and Blob workers, no network), which
 * `next start` replays from the prerendered route; the static export's host config repeats it.
 */
export function GET() {
  const html = sandboxFrameHtml();
  return new Response(html, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': sandboxFramePolicy(html) },
  });
}
