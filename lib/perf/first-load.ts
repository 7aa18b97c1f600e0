/**
 * First-load JavaScript of a page, as pure functions: which scripts a page's HTML asks for, how
 * big they are raw and compressed, and whether code that must stay lazy (playground runtime,
 * editor, terminal, transpiler, WebContainer, search engine and index) is among them.
 *
 * Used by `npm run bench` (scripts/bench/first-load.ts) and by the budget test
 * (tests/e2e/budgets.spec.ts). No browser and no file system here: callers hand in the bytes.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export interface Sizes {
  raw: number;
  /** gzip at zlib's default level 6, what Next sends a client that does not accept brotli. */
  gzip: number;
  /** brotli at quality 11: what `npm start` sends a browser that accepts it (scripts/brotli-assets.mjs), and what a static host serves precompressed. */
  brotli: number;
}

export interface ScriptFile {
  url: string;
  body: Uint8Array | string;
}

export interface SizedScript extends Sizes {
  url: string;
}

export interface ScriptSummary extends Sizes {
  count: number;
  scripts: SizedScript[];
}

/** 1 KB = 1,000 bytes, as Next.js and Lighthouse print them. */
export const KB = 1000;

/**
 * The article page's budget: first-load JavaScript, brotli-compressed, as browsers receive it from
 * `npm start` and from the static export's CDN hosts. Next.js 16 and React 19 alone take about
 * 135 KB gzip (124 KB brotli in all), so a gzip budget of 130 KB cannot be met with this
 * framework; gzip, for clients without brotli, is reported beside it.
 */
export const ARTICLE_FIRST_LOAD_BUDGET_BROTLI = 130 * KB;

export function compressedSizes(body: Uint8Array | string): Sizes {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return {
    raw: bytes.byteLength,
    gzip: gzipSync(bytes, { level: 6 }).byteLength,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength },
    }).byteLength,
  };
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#x27;': "'", '&#39;': "'", '&lt;': '<', '&gt;': '>' };

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  const value = match?.[1] ?? match?.[2] ?? match?.[3];
  return value?.replace(/&(?:amp|quot|#x27|#39|lt|gt);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * The external scripts a page's HTML makes a current browser fetch before any interaction: every
 * `<script src>`, and every `<link rel="preload" as="script">` or `<link rel="modulepreload">`
 * (Next.js preloads the chunks the page hydrates with). Absolute URLs, in document order, once each.
 * Left out: `<script nomodule>` (Next.js's legacy polyfills, which browsers that support modules
 * neither fetch nor run; `scriptUrlsInHtml(html, url, { noModule: true })` lists those), and
 * inline scripts (the React Server Components payload), which are part of the HTML.
 */
export function scriptUrlsInHtml(html: string, pageUrl: string, { noModule = false }: { noModule?: boolean } = {}): string[] {
  const urls: string[] = [];
  const add = (value: string | undefined) => {
    if (!value) return;
    const absolute = new URL(value, pageUrl).href;
    if (!urls.includes(absolute)) urls.push(absolute);
  };
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    if (/^<script/i.test(tag)) {
      if (/\snomodule\b/i.test(tag) === noModule) add(attribute(tag, 'src'));
      continue;
    }
    if (noModule) continue;
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const as = (attribute(tag, 'as') ?? '').toLowerCase();
    if (rel.includes('modulepreload') || (rel.includes('preload') && as === 'script')) add(attribute(tag, 'href'));
  }
  return urls;
}

export function summarizeScripts(files: readonly ScriptFile[]): ScriptSummary {
  const scripts = files.map((file) => ({ url: file.url, ...compressedSizes(file.body) }));
  return {
    count: scripts.length,
    raw: scripts.reduce((sum, s) => sum + s.raw, 0),
    gzip: scripts.reduce((sum, s) => sum + s.gzip, 0),
    brotli: scripts.reduce((sum, s) => sum + s.brotli, 0),
    scripts: scripts.sort((a, b) => b.gzip - a.gzip),
  };
}

export interface CodeSignature {
  /** What the code is, in words: "editor (CodeMirror)". */
  name: string;
  /** Strings that survive minification: error messages, CSS class names, option names. */
  text: readonly string[];
  /** URLs that must not be fetched before interaction either. */
  url?: RegExp;
}

/**
 * Code that must never be in an article's first load. Each signature is a string the library
 * keeps in its minified output (error messages and option names, not CSS class names, which the
 * site's own code may name: the search launcher skips keys typed in `.cm-editor`); the budget test checks that every one of them still matches some
 * chunk of the build, so a renamed string cannot make this check pass by accident.
 */
export const LAZY_ONLY_CODE: readonly CodeSignature[] = [
  { name: 'playground runtime (in-browser sandbox)', text: ['The in-browser sandbox could not start'] },
  { name: 'editor (CodeMirror)', text: ['A document must have at least one line', 'Mark decorations may not be empty'] },
  { name: 'terminal (xterm.js)', text: ['@IServiceName-decorator can only be used to decorate a parameter'] },
  { name: 'transpiler (sucrase)', text: ['enableLegacyTypeScriptModuleInterop'] },
  { name: 'WebContainer API', text: ['Only a single WebContainer instance can be booted'], url: /stackblitz\.com|webcontainer/i },
  { name: 'search engine (MiniSearch)', text: ['MiniSearch: duplicate ID', 'MiniSearch: option'] },
  { name: 'search index', text: [], url: /\/search-index\// },
];

export interface LazyCodeHit {
  name: string;
  url: string;
  /** The string or URL pattern that matched. */
  evidence: string;
}

/** Which lazy-only code is in the given files (by content) or requests (by URL). */
export function findLazyOnlyCode(files: readonly ScriptFile[], requestUrls: readonly string[] = [], signatures: readonly CodeSignature[] = LAZY_ONLY_CODE): LazyCodeHit[] {
  const hits: LazyCodeHit[] = [];
  const decoder = new TextDecoder();
  for (const file of files) {
    const text = typeof file.body === 'string' ? file.body : decoder.decode(file.body);
    for (const signature of signatures) {
      const found = signature.text.find((needle) => text.includes(needle));
      if (found) hits.push({ name: signature.name, url: file.url, evidence: JSON.stringify(found) });
    }
  }
  for (const url of new Set([...files.map((f) => f.url), ...requestUrls])) {
    for (const signature of signatures) {
      if (signature.url?.test(url)) hits.push({ name: signature.name, url, evidence: String(signature.url) });
    }
  }
  return hits;
}

/** Signatures with text that matches none of the given files: the check would be blind to them. */
export function signaturesNotFound(files: readonly ScriptFile[], signatures: readonly CodeSignature[] = LAZY_ONLY_CODE): string[] {
  const decoder = new TextDecoder();
  const texts = files.map((file) => (typeof file.body === 'string' ? file.body : decoder.decode(file.body)));
  return signatures
    .filter((signature) => signature.text.length > 0)
    .filter((signature) => !texts.some((text) => signature.text.some((needle) => text.includes(needle))))
    .map((signature) => signature.name);
}

export function formatKB(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}
