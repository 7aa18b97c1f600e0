import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headersFile, nginxSnippet, PAGE_HEADERS, parseHeadersFile } from '../../lib/host-config';
import { loadProgress, markRead, PROGRESS_KEY, recordSelfCheck, resetProgress, trackProgress } from '../../lib/progress';

class MemoryStorage {
  private values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

describe('reading progress', () => {
  test('records reads and passed self-checks once each, and resets', () => {
    const storage = new MemoryStorage();
    markRead('a', storage);
    markRead('a', storage);
    recordSelfCheck('b', storage);
    assert.deepEqual(loadProgress(storage), { read: ['a', 'b'], passed: ['b'] });
    assert.deepEqual(resetProgress(storage), { read: [], passed: [] });
    assert.deepEqual(loadProgress(storage), { read: [], passed: [] });
  });

  test('survives corrupt storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(PROGRESS_KEY, '{not json');
    assert.deepEqual(loadProgress(storage), { read: [], passed: [] });
    storage.setItem(PROGRESS_KEY, JSON.stringify({ read: ['x', 3], passed: 'nope' }));
    assert.deepEqual(loadProgress(storage), { read: ['x'], passed: [] });
  });

  test('track progress counts read steps and finds the next one in order', () => {
    assert.deepEqual(trackProgress({ read: ['b'], passed: [] }, ['a', 'b', 'c']), { done: 1, total: 3, nextSlug: 'a' });
    assert.deepEqual(trackProgress({ read: ['a', 'b', 'c'], passed: [] }, ['a', 'b', 'c']), { done: 3, total: 3, nextSlug: undefined });
  });
});

describe('static host configuration', () => {
  test('_headers carries every page header and parses back', () => {
    const rules = parseHeadersFile(headersFile());
    assert.equal(rules.length, 1);
    assert.equal(rules[0]!.pattern, '/*');
    assert.deepEqual(rules[0]!.headers, PAGE_HEADERS);
    assert.ok(PAGE_HEADERS.some((h) => h.key === 'Cross-Origin-Embedder-Policy' && h.value === 'require-corp'));
    assert.ok(PAGE_HEADERS.some((h) => h.key === 'Cross-Origin-Opener-Policy' && h.value === 'same-origin'));
  });

  test('nginx snippet sets each header on every response', () => {
    const snippet = nginxSnippet();
    for (const { key, value } of PAGE_HEADERS) assert.ok(snippet.includes(`add_header ${key} "${value}" always;`), key);
    assert.match(snippet, /try_files \$uri \$uri\.html \$uri\/index\.html =404;/);
  });
});
