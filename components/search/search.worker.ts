/**
 * The search index lives in this worker: fetching, parsing and building it (tens of milliseconds) and
 * every query run off the main thread, so typing never waits on the index. Messages are plain objects.
 *
 * Two files, fetched in parallel: the index (all that searching needs) and the section text the excerpts
 * are cut from. Search starts as soon as the index is built; results before the text has arrived come
 * without excerpts, and the page asks again once it has ('excerpts').
 */
import { attachText, loadIndex, search, type LoadedIndex, type SearchOptions } from '@/lib/search/engine';
import { excerptTextUrl } from '@/lib/search/href';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

let loading: Promise<LoadedIndex> | undefined;

const post = (message: WorkerResponse) => (self as unknown as Worker).postMessage(message);

async function fetchText(url: string, what: string): Promise<{ body: string; ms: number }> {
  const started = performance.now();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  const body = await response.text();
  return { body, ms: performance.now() - started };
}

/** Search works without excerpts: a missing or unreadable text file is only a warning (the next page load tries again). */
const warn = (error: unknown) => console.warn(error instanceof Error ? error.message : error);
function attach(loaded: LoadedIndex, body: string): boolean {
  try {
    attachText(loaded, body);
    return true;
  } catch (error) {
    warn(error);
    return false;
  }
}

function load(url: string): Promise<LoadedIndex> {
  loading ??= (async () => {
    let early: { body: string; ms: number } | undefined;
    const text = fetchText(excerptTextUrl(url), 'search excerpts').then((result) => (early = result));
    text.catch(() => undefined); // handled below, once the index is in
    const index = await fetchText(url, 'search index');
    const parseStarted = performance.now();
    const loaded = loadIndex(index.body);
    const parseMs = performance.now() - parseStarted;
    // Already here (it came while the index was fetched or parsed)? Then the first results have excerpts too.
    if (early) attach(loaded, early.body);
    post({ type: 'ready', facets: loaded.facets, documentCount: loaded.documentCount, bytes: index.body.length, fetchMs: index.ms, parseMs, excerpts: loaded.hasText });
    if (!early) {
      text.then(
        ({ body, ms }) => {
          const started = performance.now();
          if (attach(loaded, body)) post({ type: 'excerpts', bytes: body.length, fetchMs: ms, parseMs: performance.now() - started });
        },
        (error: unknown) => warn(error),
      );
    }
    return loaded;
  })().catch((error: unknown) => {
    loading = undefined;
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    throw error;
  });
  return loading;
}

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'load') {
    void load(request.url).catch(() => undefined);
    return;
  }
  void load(request.url)
    .then((index) => {
      if (request.type === 'search') {
        post({ type: 'results', id: request.id, groups: search(index, request.query, request.options as SearchOptions) });
      } else {
        post({ type: 'matching', id: request.id, queries: request.queries.filter((query) => search(index, query, { maxGroups: 1 }).length > 0) });
      }
    })
    .catch(() => undefined);
});
