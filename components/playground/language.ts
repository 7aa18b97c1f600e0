/**
 * What a playground runs: the TypeScript demo (in the sandbox or a WebContainer) or the Go
 * original (as WebAssembly). The reader's choice is remembered in the browser for every
 * playground; `?lang=go` or `?lang=ts` in the address wins for that page.
 */
import type { GoView } from '@/lib/playgrounds/go-assets';

export type PlaygroundLanguage = 'ts' | 'go';

export const LANGUAGE_QUERY_PARAM = 'lang';
export const LANGUAGE_SETTING_KEY = 'gfg:language';

export const LANGUAGE_LABELS: Record<PlaygroundLanguage, string> = { ts: 'TypeScript', go: 'Go' };

export function parseLanguage(value: string | null | undefined): PlaygroundLanguage | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'go' ? 'go' : v === 'ts' || v === 'typescript' ? 'ts' : undefined;
}

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

/** The address wins over the remembered choice, which wins over TypeScript. */
export function readLanguage(): { language: PlaygroundLanguage; source: 'query' | 'setting' | 'default' } {
  const fromQuery = typeof location === 'undefined' ? undefined : parseLanguage(new URLSearchParams(location.search).get(LANGUAGE_QUERY_PARAM));
  if (fromQuery) return { language: fromQuery, source: 'query' };
  const stored = parseLanguage(storage()?.getItem(LANGUAGE_SETTING_KEY));
  return stored ? { language: stored, source: 'setting' } : { language: 'ts', source: 'default' };
}

export function storeLanguage(language: PlaygroundLanguage): void {
  try {
    storage()?.setItem(LANGUAGE_SETTING_KEY, language);
  } catch {
    // storage blocked: the choice lasts for this page
  }
}

/** One sentence for the reader: why the Go run ran where it did, or why it cannot run. */
export function goReason(go: GoView | undefined, edited: boolean): string {
  if (!go?.wasm) return go?.unavailable ?? 'Go is not part of this build.';
  const built = go.go ? ` with ${go.go}` : '';
  if (edited) return `Ran your main.go: compiled and linked in this page by the real Go compiler and linker${built} (WebAssembly), then run in a sandboxed Worker.`;
  return `Ran main.go as WebAssembly: built${built} (GOOS=js GOARCH=wasm) when the site was built, run in a sandboxed Worker in your browser.`;
}
