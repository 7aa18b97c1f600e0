/**
 * Which runtime runs a playground, and why, in words the reader understands.
 *
 * Automatic: a WebContainer when the page is cross-origin isolated and one boots within the
 * limit; otherwise the in-browser sandbox. The reader can force either with `?runtime=` in
 * the address (wins) or with the remembered setting (local storage). A forced WebContainer
 * that cannot start still falls back to the sandbox, and says so: the program always runs.
 *
 * Pure apart from readPreference/storePreference, which take their inputs from the page.
 */
import type { RuntimeKind } from './types';
import { describeBootFailure, BOOT_LIMIT_MS, type BootOutcome } from './webcontainer';

export type RuntimePreference = 'auto' | RuntimeKind;
export type PreferenceSource = 'query' | 'setting' | 'default';

export const RUNTIME_QUERY_PARAM = 'runtime';
export const RUNTIME_SETTING_KEY = 'gfg:runtime';

export const RUNTIME_LABELS: Record<RuntimeKind, string> = {
  webcontainer: 'WebContainer (Node.js in the browser)',
  sandbox: 'in-browser sandbox',
};

export function parsePreference(value: string | null | undefined): RuntimePreference | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'auto' || v === 'webcontainer' || v === 'sandbox' ? v : undefined;
}

/** The address parameter wins over the remembered setting, which wins over automatic. */
export function resolvePreference(input: { search: string; stored: string | null }): { preference: RuntimePreference; source: PreferenceSource } {
  const fromQuery = parsePreference(new URLSearchParams(input.search).get(RUNTIME_QUERY_PARAM));
  if (fromQuery) return { preference: fromQuery, source: 'query' };
  const fromSetting = parsePreference(input.stored);
  if (fromSetting && fromSetting !== 'auto') return { preference: fromSetting, source: 'setting' };
  return { preference: 'auto', source: 'default' };
}

export interface RuntimeDecision {
  kind: RuntimeKind;
  /** One sentence for the reader: which runtime and why. */
  reason: string;
  /** True when a WebContainer was wanted (automatically or by choice) but the sandbox ran. */
  fellBack: boolean;
}

export interface DecideInput {
  preference: RuntimePreference;
  source: PreferenceSource;
  /** Boots the page's WebContainer (memoised: later calls return the first outcome at once). */
  bootWebContainer: () => Promise<BootOutcome<unknown>>;
  limitMs?: number;
}

function chosenBy(source: PreferenceSource): string {
  return source === 'query' ? `?${RUNTIME_QUERY_PARAM}= in the address` : 'the runtime setting';
}

/** Decides, booting the WebContainer if it may be used (the booter enforces the time limit). */
export async function decideRuntime({ preference, source, bootWebContainer, limitMs = BOOT_LIMIT_MS }: DecideInput): Promise<RuntimeDecision> {
  if (preference === 'sandbox') {
    return { kind: 'sandbox', reason: `Ran in the in-browser sandbox, chosen with ${chosenBy(source)}.`, fellBack: false };
  }
  const outcome = await bootWebContainer();
  if (outcome.ok) {
    return {
      kind: 'webcontainer',
      reason: preference === 'webcontainer' ? `Ran in a WebContainer, chosen with ${chosenBy(source)}.` : 'Ran in a WebContainer: Node.js in your browser, by StackBlitz.',
      fellBack: false,
    };
  }
  const why = describeBootFailure(outcome, limitMs);
  const lead = preference === 'webcontainer' ? `You chose a WebContainer with ${chosenBy(source)}, but ` : 'Ran in the in-browser sandbox because ';
  const tail = preference === 'webcontainer' ? ' The program ran in the in-browser sandbox instead.' : '';
  const retry = outcome.reason === 'not-isolated' ? '' : ' It will not be tried again until you reload the page.';
  return { kind: 'sandbox', reason: `${lead}${why}${tail}${retry}`, fellBack: true };
}

// ── In the page ───────────────────────────────────────────────────────────────────────────

function safeStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined; // storage blocked: behave as if nothing is remembered
  }
}

export function readStoredPreference(): RuntimePreference {
  return parsePreference(safeStorage()?.getItem(RUNTIME_SETTING_KEY)) ?? 'auto';
}

export function readPreference(): { preference: RuntimePreference; source: PreferenceSource } {
  return resolvePreference({ search: typeof location === 'undefined' ? '' : location.search, stored: safeStorage()?.getItem(RUNTIME_SETTING_KEY) ?? null });
}

const listeners = new Set<() => void>();

export function storePreference(preference: RuntimePreference): void {
  try {
    if (preference === 'auto') safeStorage()?.removeItem(RUNTIME_SETTING_KEY);
    else safeStorage()?.setItem(RUNTIME_SETTING_KEY, preference);
  } catch {
    // storage full or blocked: the choice lasts for this page only
  }
  listeners.forEach((listener) => listener());
}

/** For useSyncExternalStore: told when the setting changes (in this page or another tab). */
export function subscribePreference(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === RUNTIME_SETTING_KEY) listener();
  };
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}
