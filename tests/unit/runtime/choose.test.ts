/**
 * The runtime choice: automatic, forced by ?runtime=, or remembered; always with a reason.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideRuntime, parsePreference, rememberQueryPreference, resolvePreference, RUNTIME_SETTING_KEY, type WebContainerSource } from '../../../lib/runtime/choose';
import type { BootOutcome } from '../../../lib/runtime/webcontainer';

/** A WebContainer whose boot has already come out this way. */
const settled = (outcome: BootOutcome<unknown>): WebContainerSource => ({ start: async () => outcome, current: () => outcome, bootingFor: () => 0 });
const booted = settled({ ok: true, value: {}, ms: 900 });
const timedOut = settled({ ok: false, reason: 'timeout', message: 'x', ms: 30_000 });
const notIsolated = settled({ ok: false, reason: 'not-isolated', message: 'x', ms: 0 });
const mustNotBoot: WebContainerSource = {
  start: async () => {
    throw new Error('boot must not be attempted');
  },
  current: () => {
    throw new Error('boot must not be asked');
  },
  bootingFor: () => 0,
};

describe('the preference', () => {
  test('parses only known values', () => {
    assert.equal(parsePreference('sandbox'), 'sandbox');
    assert.equal(parsePreference(' WebContainer '), 'webcontainer');
    assert.equal(parsePreference('auto'), 'auto');
    assert.equal(parsePreference('wasm'), undefined);
    assert.equal(parsePreference(null), undefined);
  });

  test('the address wins over the setting, the setting over automatic', () => {
    assert.deepEqual(resolvePreference({ search: '?runtime=sandbox', stored: 'webcontainer' }), { preference: 'sandbox', source: 'query' });
    assert.deepEqual(resolvePreference({ search: '?x=1', stored: 'webcontainer' }), { preference: 'webcontainer', source: 'setting' });
    assert.deepEqual(resolvePreference({ search: '', stored: null }), { preference: 'auto', source: 'default' });
    assert.deepEqual(resolvePreference({ search: '?runtime=bogus', stored: 'junk' }), { preference: 'auto', source: 'default' });
  });
});

describe('the decision', () => {
  test('automatic: a WebContainer when it boots', async () => {
    const d = await decideRuntime({ preference: 'auto', source: 'default', webContainer: booted });
    assert.equal(d.kind, 'webcontainer');
    assert.equal(d.fellBack, false);
    assert.match(d.reason, /WebContainer/);
  });

  test('automatic: the sandbox when the boot times out, saying why', async () => {
    const d = await decideRuntime({ preference: 'auto', source: 'default', webContainer: timedOut });
    assert.equal(d.kind, 'sandbox');
    assert.equal(d.fellBack, true);
    assert.match(d.reason, /sandbox because the WebContainer did not start within 30 seconds/);
    assert.match(d.reason, /not tried again in this browser for a day/);
  });

  test('automatic: the sandbox on a page that is not cross-origin isolated', async () => {
    const d = await decideRuntime({ preference: 'auto', source: 'default', webContainer: notIsolated });
    assert.equal(d.kind, 'sandbox');
    assert.match(d.reason, /cross-origin isolated/);
  });

  test('forced sandbox never boots a WebContainer and names what forced it', async () => {
    const byQuery = await decideRuntime({ preference: 'sandbox', source: 'query', webContainer: mustNotBoot });
    assert.equal(byQuery.kind, 'sandbox');
    assert.match(byQuery.reason, /\?runtime= in the address/);
    const bySetting = await decideRuntime({ preference: 'sandbox', source: 'setting', webContainer: mustNotBoot });
    assert.match(bySetting.reason, /runtime setting/);
  });

  test('forced WebContainer that cannot start still runs the program, in the sandbox, and says so', async () => {
    const d = await decideRuntime({ preference: 'webcontainer', source: 'query', webContainer: timedOut });
    assert.equal(d.kind, 'sandbox');
    assert.equal(d.fellBack, true);
    assert.match(d.reason, /You chose a WebContainer.*but the WebContainer did not start.*in the in-browser sandbox instead/);
  });

  test('forced WebContainer that boots', async () => {
    const d = await decideRuntime({ preference: 'webcontainer', source: 'setting', webContainer: booted });
    assert.equal(d.kind, 'webcontainer');
    assert.match(d.reason, /chosen with the runtime setting/);
  });
});

describe('B5: ?runtime= is remembered', () => {
  test('the address parameter becomes the setting; ?runtime=auto forgets it', () => {
    const store = new Map<string, string>();
    const g = globalThis as unknown as { location?: { search: string }; localStorage?: Storage };
    const saved = { location: g.location, localStorage: g.localStorage };
    g.localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) } as Storage;
    try {
      g.location = { search: '?runtime=sandbox' };
      rememberQueryPreference();
      assert.equal(store.get(RUNTIME_SETTING_KEY), 'sandbox');
      g.location = { search: '' };
      assert.deepEqual(resolvePreference({ search: '', stored: store.get(RUNTIME_SETTING_KEY) ?? null }), { preference: 'sandbox', source: 'setting' });
      g.location = { search: '?runtime=auto' };
      rememberQueryPreference();
      assert.equal(store.has(RUNTIME_SETTING_KEY), false);
    } finally {
      g.location = saved.location;
      g.localStorage = saved.localStorage;
    }
  });
});
