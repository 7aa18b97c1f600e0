'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import type { Facets } from '@/lib/search/documents';
import type { SearchGroup } from '@/lib/search/engine';
import { resultHref } from '@/lib/search/href';
import { MAX_QUERY_LENGTH } from '@/lib/search/text';
import { HitText, Highlighted } from './Highlighted';
import { SearchFilters } from './SearchFilters';
import { SUGGESTIONS, rememberSearch } from './recent';

type Client = typeof import('./engine-client');
type State = { status: 'loading'; facets?: undefined } | { status: 'ready'; facets: Facets; excerpts: boolean } | { status: 'error'; facets?: undefined };

/** The worker client is imported on first use, so it stays out of this page's first load too. */
let client: Client | undefined;
let clientState: State = { status: 'loading' };
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function startLoading(indexUrl: string) {
  if (client) return;
  void import('./engine-client').then(
    (loaded) => {
      client = loaded;
      const sync = () => {
        const state = loaded.getIndexState();
        clientState = state.status === 'ready' ? { status: 'ready', facets: state.facets, excerpts: state.excerpts } : state.status === 'error' ? { status: 'error' } : { status: 'loading' };
        listeners.forEach((listener) => listener());
      };
      loaded.subscribeIndex(sync);
      loaded.loadSearchIndex(indexUrl);
      sync();
    },
    () => {
      clientState = { status: 'error' };
      listeners.forEach((listener) => listener());
    },
  );
}

function updateUrl(params: { q: string; topic: string; tag: string }) {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.topic) search.set('topic', params.topic);
  if (params.tag) search.set('tag', params.tag);
  const query = search.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`);
}

/** /search?q=…&topic=…&tag=…: the same search as the dialog, as a page with links that can be shared. */
export function SearchPage({ indexUrl }: { indexUrl: string }) {
  const params = useSearchParams();
  const id = useId();
  const [query, setQuery] = useState(() => (params.get('q') ?? '').slice(0, MAX_QUERY_LENGTH));
  const [topic, setTopic] = useState(() => params.get('topic') ?? '');
  const [tag, setTag] = useState(() => params.get('tag') ?? '');
  const state = useSyncExternalStore(subscribe, () => clientState, () => clientState);
  const [results, setResults] = useState<{ key: string; groups: SearchGroup[] }>({ key: '', groups: [] });
  const [suggestions, setSuggestions] = useState<string[]>([]);

  useEffect(() => startLoading(indexUrl), [indexUrl]);

  const ready = state.status === 'ready';
  // The excerpt text comes in a second file: results asked for before it arrived are asked for again.
  const excerpts = state.status === 'ready' && state.excerpts;
  const facets = state.facets;
  const validTopic = facets && !facets.topics.some((t) => t.id === topic) ? '' : topic;
  const validTag = facets && !facets.tags.includes(tag) ? '' : tag;
  const trimmed = query.trim();
  const key = `${trimmed}\u0000${validTopic}\u0000${validTag}`;

  useEffect(() => {
    if (!ready || !client || !trimmed) return;
    let current = true;
    client.searchIndex(indexUrl, trimmed, { topic: validTopic || undefined, tag: validTag || undefined, maxGroups: 20, maxHitsPerGroup: 5 }).then(
      (groups) => current && setResults({ key, groups }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [ready, excerpts, indexUrl, trimmed, validTopic, validTag, key]);

  useEffect(() => {
    if (!ready || !client) return;
    let current = true;
    client.matchingQueries(indexUrl, SUGGESTIONS).then((found) => current && setSuggestions(found), () => undefined);
    return () => {
      current = false;
    };
  }, [ready, indexUrl]);

  const settled = results.key === key;
  const groups = trimmed ? results.groups : [];
  const hits = groups.reduce((n, g) => n + g.hits.length, 0);

  function change(next: { q?: string; topic?: string; tag?: string }) {
    const values = { q: next.q ?? query, topic: next.topic ?? topic, tag: next.tag ?? tag };
    if (next.q !== undefined) setQuery(next.q);
    if (next.topic !== undefined) setTopic(next.topic);
    if (next.tag !== undefined) setTag(next.tag);
    updateUrl({ ...values, q: values.q.trim() });
  }

  return (
    <>
      <form
        role="search"
        action="/search"
        className="search-page-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (trimmed) rememberSearch(trimmed);
        }}
      >
        <label htmlFor={`${id}-q`}>Search articles, sections and playgrounds</label>
        <div className="search-page-row">
          <input id={`${id}-q`} name="q" type="search" value={query} maxLength={MAX_QUERY_LENGTH} autoComplete="off" spellCheck={false} onChange={(event) => change({ q: event.target.value })} />
          <button type="submit" className="button-primary">
            Search
          </button>
        </div>
        <SearchFilters facets={facets} topic={validTopic} tag={validTag} onTopicChange={(next) => change({ topic: next })} onTagChange={(next) => change({ tag: next })} named />
      </form>

      <p className="search-status" role="status" aria-live="polite">
        {state.status === 'error'
          ? 'Search is unavailable: the index could not be loaded.'
          : state.status === 'loading'
            ? trimmed
              ? 'Loading the search index…'
              : ''
            : !trimmed
              ? ''
              : !settled
                ? 'Searching…'
                : hits === 0
                ? `No results for “${trimmed}”${validTopic || validTag ? ' with these filters' : ''}.`
                : `${hits} result${hits === 1 ? '' : 's'} in ${groups.length} ${groups.length === 1 ? 'page' : 'pages'} for “${trimmed}”.`}
      </p>

      {ready && groups.length > 0 && (
        <ol className="search-page-results">
          {groups.map((group) => (
            <li key={group.key} className="search-page-group">
              <h2>
                {group.kind === 'playground' && <span className="search-kind">Playground</span>}
                <Link href={group.kind === 'playground' ? group.url : resultHref({ url: group.url, kind: 'article' }, trimmed)} onClick={() => rememberSearch(trimmed)}>
                  <Highlighted segments={group.titleSegments} />
                </Link>
              </h2>
              <ul>
                {group.hits.map((hit) => (
                  <li key={hit.id}>
                    <Link href={resultHref(hit, trimmed)} className="search-page-hit" onClick={() => rememberSearch(trimmed)}>
                      <HitText hit={hit} />
                    </Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}

      {ready && suggestions.length > 0 && (!trimmed || (settled && hits === 0)) && (
        <section className="search-empty" aria-labelledby={`${id}-suggestions`}>
          <h2 id={`${id}-suggestions`}>{trimmed ? 'Try one of these' : 'Try searching for'}</h2>
          <ul className="search-chips">
            {suggestions.map((s) => (
              <li key={s}>
                <button type="button" className="search-chip" onClick={() => change({ q: s })}>
                  {s}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
