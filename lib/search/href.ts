import type { SearchDocumentKind } from './documents';
import { MAX_QUERY_LENGTH } from './text';

/** The URL a result opens: the section, with the query so the page can highlight the words. */
export function resultHref(hit: { url: string; kind: SearchDocumentKind }, query: string): string {
  if (hit.kind === 'playground') return hit.url;
  const [path = '', hash] = hit.url.split('#');
  const q = new URLSearchParams({ q: query.slice(0, MAX_QUERY_LENGTH).trim() }).toString();
  return `${path}?${q}${hash ? `#${hash}` : ''}`;
}
