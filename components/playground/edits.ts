/**
 * The reader's edits, kept per playground in local storage until Reset. Stored with a hash of
 * the original files: when the site ships a new version of the demo, old edits are dropped
 * rather than silently mixed with new code.
 */
import type { PlaygroundView } from './view';

const PREFIX = 'gfg:playground:';

interface Stored {
  v: 1;
  base: string;
  files: Record<string, string>;
}

/** FNV-1a over the original sources: cheap, and enough to notice a changed demo. */
export function originalsHash(view: PlaygroundView): string {
  let hash = 0x811c9dc5;
  for (const file of view.files) {
    const text = `${file.path}\0${file.source}\0`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
  }
  return hash.toString(36);
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function loadEdits(view: PlaygroundView): Record<string, string> {
  try {
    const raw = storage()?.getItem(PREFIX + view.id);
    if (!raw) return {};
    const stored = JSON.parse(raw) as Stored;
    if (stored?.v !== 1 || stored.base !== originalsHash(view) || typeof stored.files !== 'object') return {};
    const editable = new Set(view.files.filter((f) => f.editable).map((f) => f.path));
    return Object.fromEntries(Object.entries(stored.files).filter(([path, text]) => editable.has(path) && typeof text === 'string'));
  } catch {
    return {};
  }
}

export function saveEdits(view: PlaygroundView, edits: Record<string, string>): void {
  const s = storage();
  if (!s) return;
  try {
    if (Object.keys(edits).length === 0) s.removeItem(PREFIX + view.id);
    else s.setItem(PREFIX + view.id, JSON.stringify({ v: 1, base: originalsHash(view), files: edits } satisfies Stored));
  } catch {
    // quota exceeded or storage blocked: the edits live for this page only
  }
}

export function clearEdits(view: PlaygroundView): void {
  try {
    storage()?.removeItem(PREFIX + view.id);
  } catch {
    // nothing to clear
  }
}
