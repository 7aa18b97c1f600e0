/** Recent searches, kept in localStorage on this device only. */
export const RECENT_KEY = 'gfg-search-recent-v1';
const MAX_RECENT = 6;

export function readRecent(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export function rememberSearch(query: string): string[] {
  const trimmed = query.trim().slice(0, 100);
  if (!trimmed) return readRecent();
  const next = [trimmed, ...readRecent().filter((item) => item.toLowerCase() !== trimmed.toLowerCase())].slice(0, MAX_RECENT);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(next));
  } catch {
    // storage full or disabled: recent searches are a convenience
  }
  return next;
}

export function clearRecent(): string[] {
  try {
    localStorage.removeItem(RECENT_KEY);
  } catch {
    // ignore
  }
  return [];
}

/** Shown when the box is empty: only those that find something in the current index are offered. */
export const SUGGESTIONS = ['errgroup SetLimit', 'singleflight Forget', 'GOMEMLIMIT', 'circuit breaker', 'flight recorder', 'work stealing', 'commit wait', 'partition projection', 'single-table design', 'bencode'];
