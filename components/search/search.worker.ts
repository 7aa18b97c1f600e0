/**
 * The search index lives in this worker: fetching, parsing and building it (tens of milliseconds) and
 * every query run off the main thread, so typing never waits on the index. Messages are plain objects.
 */
import { loadIndex, search, type LoadedIndex, type SearchOptions } from '@/lib/search/engine';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

let loaded: LoadedIndex | undefined;
let loading: Promise<LoadedIndex> | undefined;

const post = (message: WorkerResponse) => (self as unknown as Worker).postMessage(message);

function load(url: string): Promise<LoadedIndex> {
  loading ??= (async () => {
    const started = performance.now();
    const response = await fetch(url);
    if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
    const json = await response.text();
    const fetched = performance.now();
    loaded = loadIndex(json);
    post({ type: 'ready', facets: loaded.facets, documentCount: loaded.documentCount, bytes: json.length, fetchMs: fetched - started, parseMs: performance.now() - fetched });
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
