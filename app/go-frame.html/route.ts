import { sandboxFramePolicy } from '@/lib/csp';
import { goFrameHtml } from '@/lib/runtime/go-frame';

export const dynamic = 'force-static';

/**
 * The Go frame's document (lib/runtime/go-frame.ts): opened in `<iframe sandbox="allow-scripts">`
 * like the TypeScript sandbox, with the same policy (no network, its inline script by hash,
 * 'unsafe-eval', which also allows compiling WebAssembly, and Blob workers).
 */
export function GET() {
  const html = goFrameHtml();
  return new Response(html, {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': sandboxFramePolicy(html) },
  });
}
