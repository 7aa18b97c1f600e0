/**
 * The runtime choice: automatic, forced by ?runtime=, or remembered; always with a reason.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideRuntime, parsePreference, resolvePreference } from '../../../lib/runtime/choose';
import type { BootOutcome } from '../../../lib/runtime/webcontainer';

const booted = async (): Promise<BootOutcome<unknown>> => ({ ok: true, value: {}, ms: 900 });
const timedOut = async (): Promise<BootOutcome<unknown>> => ({ ok: false, reason: 'timeout', message: 'x', ms: 8000 });
const notIsolated = async (): Promise<BootOutcome<unknown>> => ({ ok: false, reason: 'not-isolated', message: 'x', ms: 0 });
const mustNotBoot = async (): Promise<BootOutcome<unknown>> => {
  throw new Error('boot must not be attempted');
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
    const d = await decideRuntime({ preference: 'auto', source: 'default', bootWebContainer: booted });
    assert.equal(d.kind, 'webcontainer');
    assert.equal(d.fellBack, false);
    assert.match(d.reason, /WebContainer/);
  });

  test('automatic: the sandbox when the boot times out, saying why', async () => {
    const d = await decideRuntime({ preference: 'auto', source: 'default', bootWebContainer: timedOut });
    assert.equal(d.kind, 'sandbox');
    assert.equal(d.fellBack, true);
    assert.match(d.reason, /sandbox because the WebContainer did not start within 8 seconds/);
    assert.match(d.reason, /not be tried again/);
  });

  test('automatic: the sandbox on a page that is not cross-origin isolated', async () => {
    const d = await decideRuntime({ preference: 'auto', source: 'default', bootWebContainer: notIsolated });
    assert.equal(d.kind, 'sandbox');
    assert.match(d.reason, /cross-origin isolated/);
  });

  test('forced sandbox never boots a WebContainer and names what forced it', async () => {
    const byQuery = await decideRuntime({ preference: 'sandbox', source: 'query', bootWebContainer: mustNotBoot });
    assert.equal(byQuery.kind, 'sandbox');
    assert.match(byQuery.reason, /\?runtime= in the address/);
    const bySetting = await decideRuntime({ preference: 'sandbox', source: 'setting', bootWebContainer: mustNotBoot });
    assert.match(bySetting.reason, /runtime setting/);
  });

  test('forced WebContainer that cannot start still runs the program, in the sandbox, and says so', async () => {
    const d = await decideRuntime({ preference: 'webcontainer', source: 'query', bootWebContainer: timedOut });
    assert.equal(d.kind, 'sandbox');
    assert.equal(d.fellBack, true);
    assert.match(d.reason, /You chose a WebContainer.*but the WebContainer did not start.*in the in-browser sandbox instead/);
  });

  test('forced WebContainer that boots', async () => {
    const d = await decideRuntime({ preference: 'webcontainer', source: 'setting', bootWebContainer: booted });
    assert.equal(d.kind, 'webcontainer');
    assert.match(d.reason, /chosen with the runtime setting/);
  });
});
