/** The index file's encodings: front-coded terms and character-coded postings round-trip exactly. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { seededRandom } from '../../../lib/perf/stats';
import { decodePostings, decodeTerms, encodePostings, encodeTerms, type Postings } from '../../../lib/search/codec';

describe('index codec', () => {
  test('terms: front coding round-trips, with long shared prefixes and non-ASCII terms', () => {
    const terms = ['0', '0x7fff', 'a' + 'b'.repeat(60), 'a' + 'b'.repeat(60) + 'c', 'deja', 'déjà', 'go', 'goroutine', 'goroutines', 'zz', 'ε2', '日本'].sort();
    const encoded = encodeTerms(terms);
    assert.deepEqual(decodeTerms(encoded), terms);
    assert.ok(encoded.length < terms.join(' ').length, 'shared prefixes are not repeated');
    assert.equal(JSON.stringify(encoded).length, encoded.length + 2, 'nothing needs escaping in JSON');
    assert.deepEqual(decodeTerms(encodeTerms([])), []);
  });

  test('terms: unsorted, repeated or unstorable terms are refused', () => {
    assert.throws(() => encodeTerms(['b', 'a']), /sorted/);
    assert.throws(() => encodeTerms(['a', 'a']), /sorted/);
    assert.throws(() => encodeTerms(['a b']), /cannot be stored/);
  });

  test('postings: random gaps and frequencies, small and large, round-trip', () => {
    const rand = seededRandom(7);
    const terms = Array.from({ length: 500 }, () => {
      const fieldIds = [0, 1, 2, 3].filter(() => rand() < 0.5);
      return (fieldIds.length ? fieldIds : [3]).map((fieldId): [number, Postings] => {
        let id = -1;
        const postings = Array.from({ length: 1 + Math.floor(rand() * 40) }, (): [number, number] => {
          id += 1 + Math.floor(rand() < 0.9 ? rand() * 30 : rand() * 100_000);
          return [id, rand() < 0.7 ? 1 : 2 + Math.floor(rand() < 0.9 ? rand() * 10 : rand() * 5_000)];
        });
        return [fieldId, postings];
      });
    });
    const encoded = encodePostings(terms);
    assert.equal(JSON.stringify(encoded).length, encoded.length + 2, 'nothing needs escaping in JSON');
    const decoded = decodePostings(encoded);
    assert.deepEqual(
      decoded,
      terms.map((fields) => Object.fromEntries(fields.map(([fieldId, postings]) => [fieldId, Object.fromEntries(postings.map(([id, f]) => [id, f]))]))),
    );
    assert.deepEqual(decodePostings(encodePostings([])), []);
  });

  test('postings: out-of-order documents and damaged strings are errors, not wrong results', () => {
    assert.throws(() => encodePostings([[[3, [[5, 1], [5, 1]]]]]), /out of order/);
    assert.throws(() => encodePostings([[[3, [[5, 0]]]]]), /out of order or empty/);
    assert.throws(() => decodePostings('3\\'), /bad postings/);
    assert.throws(() => decodePostings('3' + 'p'), /bad postings/); // a continuation digit with nothing after it
  });
});
