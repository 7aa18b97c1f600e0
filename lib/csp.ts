/**
 * Content-Security-Policy for the pages and for the playground sandbox frame. Node only.
 *
 * Pages: scripts from this origin, plus each page's own inline scripts by hash (Next's app router
 * inlines its RSC payload as `<script>self.__next_f.push(…)</script>`; a static page's inline
 * scripts never change after the build, so hashes work where nonces would force dynamic rendering).
 * `next start` gets the header from the build's routes manifest (scripts/finish-build.ts), the
 * static export from the host configuration that scripts/finish-export.ts writes; both hash the
 * HTML that is actually served.
 *
 * The sandbox frame (app/sandbox-frame.html) is the one document that may evaluate code and start
 * Blob workers, so those permissions live in its own policy, never in a page's.
 */
import { createHash } from 'node:crypto';

type Directives = Record<string, string[]>;

/**
 * What every page needs. The same on every page because Next's client-side navigation keeps the
 * first document's policy: a reader who lands on the home page and follows a link to an article
 * runs its playground under the home page's policy. Hence the WebContainer's origin in frame-src on
 * every page (its boot inserts an iframe from stackblitz.com; it fetches nothing from the page
 * unless an API key's OAuth flow is configured, which we do not use).
 */
const PAGE_DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // Inline styles: React style props, and the style elements and attributes xterm and CodeMirror set at run time.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // The search index is parsed in a module worker served from /_next/static.
  'worker-src': ["'self'"],
  // The playground sandbox frame (same origin, opened with sandbox="allow-scripts") and WebContainer.
  'frame-src': ["'self'", 'https://stackblitz.com'],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
  'manifest-src': ["'self'"],
};

/**
 * The sandbox frame: nothing but its own inline script, the Blob worker it starts, and eval inside
 * that worker (the reader's transpiled program is run with indirect eval; a Blob worker inherits
 * this policy). No network at all: default-src 'none' and connect-src 'none'.
 */
const FRAME_DIRECTIVES: Directives = {
  'default-src': ["'none'"],
  'script-src': ["'unsafe-eval'"],
  'worker-src': ['blob:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'self'"],
};

const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const EXECUTABLE_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module']);

/** `'sha256-…'` sources for every inline script the browser would execute, sorted, each once. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const [, attributes = '', body = ''] of html.matchAll(SCRIPT_ELEMENT)) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    // Data blocks (JSON-LD, application/json) are not executed, so CSP does not apply to them.
    if (!EXECUTABLE_TYPES.has(type)) continue;
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return [...hashes].sort();
}

function serialize(directives: Directives, extraScripts: readonly string[]): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources, ...(name === 'script-src' ? extraScripts : [])].join(' '))
    .join('; ');
}

/** The policy for a page, given the HTML that is served for it. */
export function pagePolicy(html: string): string {
  return serialize(PAGE_DIRECTIVES, inlineScriptHashes(html));
}

/**
 * The page with its policy in a `<meta http-equiv>` as the first thing in <head>, for a document a
 * static host serves under URLs no header rule can name (404.html, answered for every unknown
 * path). A meta policy cannot carry frame-ancestors; X-Frame-Options covers that.
 */
export function withMetaPolicy(html: string): string {
  const head = /<head\b[^>]*>/i.exec(html);
  if (!head) throw new Error('withMetaPolicy: the document has no <head>');
  const { 'frame-ancestors': _ignoredInMeta, ...directives } = PAGE_DIRECTIVES;
  const policy = serialize(directives, inlineScriptHashes(html));
  const end = head.index + head[0].length;
  return `${html.slice(0, end)}<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">${html.slice(end)}`;
}

/** The policy for the sandbox frame, given its HTML. */
export function sandboxFramePolicy(html: string): string {
  return serialize(FRAME_DIRECTIVES, inlineScriptHashes(html));
}

/** Parse a policy into directive name -> sources (for tests and checks). */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}
