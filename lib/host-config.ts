import pageHeaders from './http-headers.json';

export interface HeaderRule {
  key: string;
  value: string;
}

/** Headers for a URL pattern, as a `_headers` file holds them (`/*` or an exact path). */
export interface PathRule {
  pattern: string;
  headers: HeaderRule[];
}

/** One exported HTML file: the URL paths it answers and the Content-Security-Policy it needs. */
export interface ExportedDocument {
  paths: string[];
  policy: string;
}

export const PAGE_HEADERS: HeaderRule[] = pageHeaders.headers;
const CSP = 'Content-Security-Policy';

/**
 * The URL paths a static host serves an exported file at: `articles/errgroup.html` answers
 * `/articles/errgroup` (clean URLs) and `/articles/errgroup.html`; `index.html` answers `/`.
 */
export function exportedPaths(file: string): string[] {
  const withSlash = `/${file.split('\\').join('/')}`;
  const clean = withSlash.replace(/(^|\/)index\.html$/, '$1').replace(/\.html$/, '');
  return clean === withSlash ? [withSlash] : [clean, withSlash];
}

/**
 * Netlify-style `_headers`: the shared headers on every path, and each document's own
 * Content-Security-Policy on its own paths (a host merges all rules that match a path, so the CSP
 * must never sit in `/*` as well: two policies would both be enforced).
 */
export function headersFile(documents: readonly ExportedDocument[] = [], headers: HeaderRule[] = PAGE_HEADERS): string {
  const rules: PathRule[] = [{ pattern: '/*', headers }];
  for (const document of documents) for (const pattern of document.paths) rules.push({ pattern, headers: [{ key: CSP, value: document.policy }] });
  return rules.map((rule) => [rule.pattern, ...rule.headers.map((h) => `  ${h.key}: ${h.value}`)].join('\n')).join('\n') + '\n';
}

/**
 * nginx configuration for the `http { }` context: a map from the URI to its document's policy
 * (the 404 page's policy for misses, answered from /404.html), and a server block serving the
 * export with the same headers and clean URLs.
 */
export function nginxSnippet(documents: readonly ExportedDocument[] = [], headers: HeaderRule[] = PAGE_HEADERS): string {
  const quote = (text: string) => `"${text.replace(/["\\]/g, '\\$&')}"`;
  const entries = documents.flatMap((document) => document.paths.map((uri) => `    ${quote(uri)} ${quote(document.policy)};`));
  const lines = headers.map((h) => `        add_header ${h.key} ${quote(h.value)} always;`);
  return `# Go Field Guide static export: include inside the http { } block.
# Each page's Content-Security-Policy allows its own inline scripts by hash; nginx sends none when
# the value is empty (assets).
map $uri $gfg_csp {
    default "";
${entries.join('\n')}
}

server {
    # listen 80;
    # server_name example.org;
    # root /var/www/go-field-guide/out;
    location / {
${lines.join('\n')}
        add_header ${CSP} $gfg_csp always;
        try_files $uri $uri.html $uri/index.html =404;
    }
    error_page 404 /404.html;
    types { application/atom+xml xml; }
}
`;
}

/** A custom-header route as `next start` reads it from the build's `routes-manifest.json`. */
export interface NextHeaderRoute {
  source: string;
  headers: HeaderRule[];
  missing?: { type: 'header'; key: string }[];
}

/**
 * Documents only: not Next's assets, not files (the sandbox frame, feed, sitemap and search
 * index end in an extension; the sandbox frame sends its own policy), and not the RSC payload
 * fetches of client-side navigation (not documents: the first page's policy stays in force).
 */
const ANY_DOCUMENT = '/((?!_next/|.*\\.[A-Za-z0-9]+$).*)';
const NOT_RSC = [{ type: 'header' as const, key: 'rsc' }];

/**
 * Each prerendered page's policy as header routes for `next start`, written into the build's
 * routes manifest after `next build` (scripts/finish-build.ts): the 404 page's policy for any
 * document path first, then each page's own. Next applies every matching route in order and the
 * last value of a header wins, so a page's own policy replaces the fallback. `existing` are the
 * manifest's routes: they come first, without the policy routes of an earlier run.
 */
export function nextHeaderRoutes(pages: readonly { path: string; policy: string }[], notFoundPolicy: string, existing: readonly NextHeaderRoute[] = []): NextHeaderRoute[] {
  const route = (source: string, policy: string): NextHeaderRoute => ({ source, headers: [{ key: CSP, value: policy }], missing: NOT_RSC });
  const kept = existing.filter((earlier) => !earlier.headers.some((header) => header.key === CSP));
  return [...kept, route(ANY_DOCUMENT, notFoundPolicy), ...pages.map((page) => route(page.path, page.policy))];
}

/** Parse a `_headers` file back into path rules, as a static host would read it. */
export function parseHeadersFile(text: string): PathRule[] {
  const rules: PathRule[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: [] });
    else {
      const [key, ...rest] = line.trim().split(':');
      rules.at(-1)?.headers.push({ key: key!.trim(), value: rest.join(':').trim() });
    }
  }
  return rules;
}

/** The headers a `_headers` host sends for a URL path: every matching rule's, values of one key joined by ", ". */
export function headersForPath(rules: readonly PathRule[], urlPath: string): HeaderRule[] {
  const merged = new Map<string, HeaderRule>();
  for (const rule of rules) {
    const matches = rule.pattern.endsWith('*') ? urlPath.startsWith(rule.pattern.slice(0, -1)) : urlPath === rule.pattern;
    if (!matches) continue;
    for (const header of rule.headers) {
      const seen = merged.get(header.key.toLowerCase());
      merged.set(header.key.toLowerCase(), seen ? { key: seen.key, value: `${seen.value}, ${header.value}` } : { ...header });
    }
  }
  return [...merged.values()];
}
