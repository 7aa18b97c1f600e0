/**
 * The page's handle on the search index, which lives in a Web Worker (search.worker.ts): the page never
 * parses the index or runs a query on its main thread. Shared by the dialog and the /search page, and
 * imported lazily: it is never part of a page's first load.
 */
import type { Facets } from '@/lib/search/documents';
import type { SearchGroup, SearchOptions } from '@/lib/search/engine';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

export type IndexState =
  | { status: 'idle' | 'loading'; facets?: undefined; error?: undefined }
  /** `excerpts`: the section text has arrived too; results asked for before it came lack excerpts. */
  | { status: 'ready'; facets: Facets; excerpts: boolean; error?: undefined }
  | { status: 'error'; facets?: undefined; error: string };

let state: IndexState = { status: 'idle' };
const listeners = new Set<() => void>();
let worker: Worker | undefined;
let indexUrl = '';
let nextId = 1;
const pending = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>();

function set(next: IndexState) {
  state = next;
  listeners.forEach((listener) => listener());
}

export function subscribeIndex(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getIndexState(): IndexState {
  return state;
}

function onMessage(event: MessageEvent<WorkerResponse>) {
  const message = event.data;
  if (message.type === 'ready') {
    performance.measure?.('search-index-fetch (worker)', { start: 0, duration: message.fetchMs });
    performance.measure?.('search-index-parse (worker)', { start: 0, duration: message.parseMs });
    set({ status: 'ready', facets: message.facets, excerpts: message.excerpts });
  } else if (message.type === 'excerpts') {
    performance.measure?.('search-excerpts-fetch (worker)', { start: 0, duration: message.fetchMs });
    if (state.status === 'ready') set({ ...state, excerpts: true });
  } else if (message.type === 'error') {
    set({ status: 'error', error: message.message });
    pending.forEach(({ reject }) => reject(new Error(message.message)));
    pending.clear();
  } else {
    const entry = pending.get(message.id);
    pending.delete(message.id);
    entry?.resolve((message.type === 'results' ? message.groups : message.queries) as never);
  }
}

function send(request: WorkerRequest) {
  if (!worker) {
    worker = new Worker(new URL('./search.worker.ts', import.meta.url), { type: 'module', name: 'search' });
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (event) => {
      set({ status: 'error', error: event.message || 'the search worker failed' });
      worker = undefined;
    });
  }
  worker.postMessage(request);
}

/** Start (or join) loading the index; safe to call on every hover. */
export function loadSearchIndex(url: string): void {
  if (state.status === 'ready' && url === indexUrl) return;
  if (state.status === 'loading' && url === indexUrl) return;
  indexUrl = url;
  set({ status: 'loading' });
  send({ type: 'load', url });
}

function request<T>(build: (id: number) => WorkerRequest): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: never) => void, reject });
    send(build(id));
  });
}

/** Search in the worker; the index loads first if it has not yet. */
export function searchIndex(url: string, query: string, options: SearchOptions = {}): Promise<SearchGroup[]> {
  loadSearchIndex(url);
  return request((id) => ({ type: 'search', url, id, query, options }));
}

/** The queries, of these, that find something: suggestions never lead to an empty page. */
export function matchingQueries(url: string, queries: string[]): Promise<string[]> {
  loadSearchIndex(url);
  return request((id) => ({ type: 'matching', url, id, queries }));
}
