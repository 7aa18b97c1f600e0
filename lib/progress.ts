/**
 * Reading progress kept in the browser (localStorage): articles read and self-checks passed.
 * Pure functions over a storage interface, so they are testable in Node with a Map-backed store.
 */
export const PROGRESS_KEY = 'gfg-progress-v1';
export const PROGRESS_EVENT = 'gfg-progress';

export interface Progress {
  read: string[];
  passed: string[];
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const EMPTY: Progress = { read: [], passed: [] };

function browserStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked: progress is simply not kept
  }
}

export function loadProgress(storage: StorageLike | undefined = browserStorage()): Progress {
  try {
    const parsed = JSON.parse(storage?.getItem(PROGRESS_KEY) ?? 'null') as Partial<Progress> | null;
    return {
      read: Array.isArray(parsed?.read) ? parsed.read.filter((s) => typeof s === 'string') : [],
      passed: Array.isArray(parsed?.passed) ? parsed.passed.filter((s) => typeof s === 'string') : [],
    };
  } catch {
    return { ...EMPTY };
  }
}

function save(progress: Progress, storage: StorageLike | undefined) {
  storage?.setItem(PROGRESS_KEY, JSON.stringify(progress));
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(PROGRESS_EVENT));
}

export function markRead(slug: string, storage = browserStorage()): Progress {
  const progress = loadProgress(storage);
  if (!progress.read.includes(slug)) progress.read.push(slug);
  save(progress, storage);
  return progress;
}

export function recordSelfCheck(slug: string, storage = browserStorage()): Progress {
  const progress = loadProgress(storage);
  if (!progress.passed.includes(slug)) progress.passed.push(slug);
  if (!progress.read.includes(slug)) progress.read.push(slug);
  save(progress, storage);
  return progress;
}

export function resetProgress(storage = browserStorage()): Progress {
  storage?.removeItem(PROGRESS_KEY);
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(PROGRESS_EVENT));
  return { ...EMPTY, read: [], passed: [] };
}

/** How far a reader is along a list of article slugs, and the first one not yet read. */
export function trackProgress(progress: Progress, slugs: readonly string[]): { done: number; total: number; nextSlug?: string } {
  const done = slugs.filter((slug) => progress.read.includes(slug)).length;
  return { done, total: slugs.length, nextSlug: slugs.find((slug) => !progress.read.includes(slug)) };
}
