/**
 * Which runtime runs a playground, and why, in words the reader understands.
 *
 * Automatic: a WebContainer when the page is cross-origin isolated and one is ready (or becomes
 * ready within RUN_WAIT_MS of the Run: a Run never waits longer); otherwise the in-browser
 * sandbox. Not on iPhone and iPad unless the reader chooses it (it crashes Safari there), not
 * after a failed boot the browser remembers. The reader can force either with `?runtime=` in the
 * address (wins, and is remembered) or with the runtime setting (local storage). A forced
 * WebContainer that cannot start still falls back to the sandbox, and says so: the program
 * always runs.
 *
 * Pure apart from readPreference/storePreference, which take their inputs from the page.
 */
import type { RuntimeKind } from './types';
import { describeBootFailure, RUN_WAIT_MS, type BootOutcome } from './webcontainer';

export type RuntimePreference = 'auto' | RuntimeKind;
export type PreferenceSource = 'query' | 'setting' | 'default';

export const RUNTIME_QUERY_PARAM = 'runtime';
export const RUNTIME_SETTING_KEY = 'gfg:runtime';

export const RUNTIME_LABELS: Record<RuntimeKind, string> = {
  webcontainer: 'WebContainer (Node.js in the browser)',
  sandbox: 'in-browser sandbox',
  'go-wasm': 'Go, compiled to WebAssembly',
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

/** The page's WebContainer as the decision sees it (ContainerManager in the page, a stub in tests). */
export interface WebContainerSource {
  /** Starts a boot if none is under way or done (force: despite a failure remembered from another page load). */
  start(options?: { force?: boolean }): Promise<BootOutcome<unknown>>;
  /** The outcome if known now. */
  current(): BootOutcome<unknown> | undefined;
  /** How long the boot under way has taken, in ms. */
  bootingFor(): number;
}

export interface DecideInput {
  preference: RuntimePreference;
  source: PreferenceSource;
  webContainer: WebContainerSource;
  /** iPhone or iPad (isAppleMobile): automatic mode does not start a WebContainer there. */
  appleMobile?: boolean;
  /** How long a Run may wait for a boot under way (RUN_WAIT_MS). */
  waitMs?: number;
  /** Told when the Run starts waiting, so the status can say so (only when there is a wait). */
  onWait?: () => void;
}

function chosenBy(source: PreferenceSource): string {
  return source === 'query' ? `?${RUNTIME_QUERY_PARAM}= in the address` : 'the runtime setting';
}

const WAITED = Symbol('waited');

/** Decides without making the reader wait more than waitMs for a WebContainer. */
export async function decideRuntime({ preference, source, webContainer, appleMobile = false, waitMs = RUN_WAIT_MS, onWait }: DecideInput): Promise<RuntimeDecision> {
  if (preference === 'sandbox') {
    return { kind: 'sandbox', reason: `Ran in the in-browser sandbox, chosen with ${chosenBy(source)}.`, fellBack: false };
  }
  const chosen = preference === 'webcontainer';
  if (appleMobile && !chosen) {
    return { kind: 'sandbox', reason: `Ran in the in-browser sandbox because ${describeBootFailure({ ok: false, reason: 'apple-mobile', message: '', ms: 0 })}`, fellBack: true };
  }
  let outcome = webContainer.current();
  if (!outcome || (chosen && !outcome.ok && outcome.reason === 'remembered')) {
    const started = webContainer.start({ force: chosen });
    outcome = webContainer.current();
    if (!outcome) {
      onWait?.();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waited = await Promise.race([started, new Promise<typeof WAITED>((resolve) => (timer = setTimeout(() => resolve(WAITED), waitMs)))]);
      clearTimeout(timer);
      if (waited === WAITED) {
        const seconds = Math.round(webContainer.bootingFor() / 100) / 10;
        const lead = chosen ? `You chose a WebContainer with ${chosenBy(source)}; it` : 'The WebContainer';
        return {
          kind: 'sandbox',
          reason: `Ran in the in-browser sandbox: ${lead} is still starting (${seconds} s so far), and a Run does not wait for it. Later runs use it once it is up.`,
          fellBack: true,
        };
      }
      outcome = waited;
    }
  }
  if (outcome.ok) {
    return {
      kind: 'webcontainer',
      reason: chosen ? `Ran in a WebContainer, chosen with ${chosenBy(source)}.` : 'Ran in a WebContainer: Node.js in your browser, by StackBlitz.',
      fellBack: false,
    };
  }
  const why = describeBootFailure(outcome);
  const lead = chosen ? `You chose a WebContainer with ${chosenBy(source)}, but ` : 'Ran in the in-browser sandbox because ';
  const tail = chosen ? ' The program ran in the in-browser sandbox instead.' : '';
  const retry = outcome.reason === 'timeout' || outcome.reason === 'error' ? ' It is not tried again in this browser for a day.' : '';
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

/** `?runtime=` in the address is remembered as the setting, as the README says (`?runtime=auto` forgets it). */
export function rememberQueryPreference(): void {
  if (typeof location === 'undefined') return;
  const fromQuery = parsePreference(new URLSearchParams(location.search).get(RUNTIME_QUERY_PARAM));
  if (!fromQuery || fromQuery === readStoredPreference()) return;
  storePreference(fromQuery);
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
