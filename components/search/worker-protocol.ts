import type { Facets } from '@/lib/search/documents';
import type { SearchGroup, SearchOptions } from '@/lib/search/engine';

export type WorkerRequest =
  | { type: 'load'; url: string }
  | { type: 'search'; url: string; id: number; query: string; options: SearchOptions }
  /** Which of these queries find something (for the suggestions). */
  | { type: 'matching'; url: string; id: number; queries: string[] };

export type WorkerResponse =
  /** The index can search; `excerpts` says whether its text file was already there too. */
  | { type: 'ready'; facets: Facets; documentCount: number; bytes: number; fetchMs: number; parseMs: number; excerpts: boolean }
  /** The excerpt text arrived after the index: results from now on have excerpts. */
  | { type: 'excerpts'; bytes: number; fetchMs: number; parseMs: number }
  | { type: 'error'; message: string }
  | { type: 'results'; id: number; groups: SearchGroup[] }
  | { type: 'matching'; id: number; queries: string[] };
