import type { SearchDocumentKind } from './documents';
import { MAX_QUERY_LENGTH } from './text';

/** The URL a result opens: the section, with the query so the page can highlight the words. */
export function resultHref(hit: { url: string; kind: SearchDocumentKind }, query: string): string {
  if (hit.kind === 'playground') return hit.url;
  const [path = '', hash] = hit.url.split('#');
  const q = new URLSearchParams({ q: query.slice(0, MAX_QUERY_LENGTH).trim() }).toString();
  return `${path}?${q}${hash ? `#${hash}` : ''}`;
}

/**
 * The excerpt text file that goes with an index file: `…/index.<hash>.json` → `…/text.<hash>.json`. One
 * hash names both (lib/search-index.ts), so the worker can fetch the two in parallel from one URL.
 */
export function excerptTextUrl(indexUrl: string): string {
  const url = indexUrl.replace(/\/index\.([0-9a-f]+)\.json$/, '/text.$1.json');
  if (url === indexUrl) throw new Error(`search index: ${indexUrl} is not an index file URL`);
  return url;
}
