/**
 * Server only: the playgrounds from the registry, as views for the components, read once per
 * process (and again when a playground's files change, for `next dev`).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { goViewOf, type GoManifest } from '@/lib/playgrounds/go-assets';
import { loadPlaygrounds, UnknownPlaygroundError, type PlaygroundSet } from '@/lib/playgrounds/registry';
import { DEFAULT_OUTPUT_LIMIT_BYTES } from '@/lib/runtime/types';
import type { PlaygroundView } from './view';

const ROOT = path.join(process.cwd(), 'playgrounds');

let cached: { stamp: number; set: PlaygroundSet } | undefined;

function stamp(): number {
  // Folder mtimes change when a file is added or renamed; good enough for dev reloads.
  try {
    return statSync(ROOT).mtimeMs;
  } catch {
    return 0;
  }
}

function playgroundSet(): PlaygroundSet {
  const now = stamp();
  if (!cached || (process.env.NODE_ENV === 'development' && cached.stamp !== now)) cached = { stamp: now, set: loadPlaygrounds(ROOT) };
  return cached.set;
}

/** The Go build step's manifest (scripts/go-wasm.ts, run by npm run build before next build); undefined when it never ran. */
function goManifest(): GoManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(process.cwd(), '.cache', 'go-wasm', 'manifest.json'), 'utf8')) as GoManifest;
  } catch {
    return undefined;
  }
}

export function listPlaygroundViews(): PlaygroundView[] {
  const { playgrounds } = playgroundSet();
  return playgrounds.map((pg) => getPlaygroundView(pg.id));
}

/** The view of one playground; an unknown id throws (the content loader reports it with its line first). */
export function getPlaygroundView(id: string): PlaygroundView {
  const { playgrounds, shared } = playgroundSet();
  const pg = playgrounds.find((p) => p.id === id);
  if (!pg) throw new UnknownPlaygroundError(id, playgrounds.map((p) => p.id));
  // next dev does not serve the Go step's files (finish-build copies them into the production build).
  const go = process.env.NODE_ENV === 'development' ? { unavailable: 'Go runs in a production build (npm run build, then npm start): next dev does not serve the WebAssembly.' } : goViewOf(goManifest(), pg.id);
  return {
    id: pg.id,
    title: pg.title,
    summary: pg.summary,
    entry: pg.entry,
    files: [
      ...pg.files.map((file) => ({ path: file.path, role: file.path === pg.entry ? ('demo' as const) : ('port' as const), editable: file.editable, lang: 'ts' as const, source: file.source })),
      // Editable when the build carries the in-page Go toolchain to compile it.
      { path: pg.goOriginal.path, role: 'go' as const, editable: go.toolchain !== undefined, lang: 'go' as const, source: pg.goOriginal.source },
    ],
    go,
    shared: Object.fromEntries(shared.map((file) => [file.path, file.source])),
    timeLimitMs: pg.timeLimitMs,
    outputLimitBytes: DEFAULT_OUTPUT_LIMIT_BYTES,
  };
}

/** Related articles as the registry lists them (slugs). */
export function relatedArticlesOf(id: string): string[] {
  return playgroundSet().playgrounds.find((p) => p.id === id)?.relatedArticles ?? [];
}
