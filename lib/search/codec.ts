/**
 * Compact text encodings for the index file (see engine.ts): the sorted terms front-coded, and each
 * term's postings as characters instead of JSON numbers. Both stay JSON strings (no escapes needed),
 * and both compress better than the arrays they replace: one character per small number lets gzip and
 * brotli give each gap its own code, where JSON spends two or three digits and a comma on it.
 */

/** 90 characters that JSON strings hold unescaped: '#' (35) to '~' (126) without the backslash. */
const ALPHABET = Array.from({ length: 92 }, (_, i) => String.fromCharCode(35 + i)).filter((ch) => ch !== '\\');
/** A digit below BASE ends a number; BASE + d is digit d with more to come (most significant first). */
const BASE = 45;
const VALUE = new Int8Array(128).fill(-1);
ALPHABET.forEach((ch, i) => (VALUE[ch.charCodeAt(0)] = i));

/** Between terms (in both strings) and between a term's fields (in the postings); neither is in ALPHABET. */
const TERM_SEPARATOR = ' ';
const FIELD_SEPARATOR = '!';
/** Front coding shares at most this many leading characters, so the count is one character ('0' + n). */
const MAX_SHARED = 40;

function pushNumber(out: string[], value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`search index: cannot encode ${value}`);
  const digits: number[] = [];
  do {
    digits.push(value % BASE);
    value = Math.floor(value / BASE);
  } while (value > 0);
  for (let i = digits.length - 1; i > 0; i--) out.push(ALPHABET[BASE + digits[i]!]!);
  out.push(ALPHABET[digits[0]!]!);
}

/**
 * Sorted, distinct terms as one string: each term is the count of leading characters it shares with the
 * one before ('0' + n) and the rest, terms separated by a space.
 */
export function encodeTerms(terms: readonly string[]): string {
  let previous = '';
  return terms
    .map((term, i) => {
      if (!term || term.includes(TERM_SEPARATOR)) throw new Error(`search index: term ${JSON.stringify(term)} cannot be stored`);
      if (i > 0 && !(previous < term)) throw new Error(`search index: terms not sorted and distinct at ${JSON.stringify(term)}`);
      let shared = 0;
      const limit = Math.min(previous.length, term.length, MAX_SHARED);
      while (shared < limit && previous.charCodeAt(shared) === term.charCodeAt(shared)) shared++;
      previous = term;
      return String.fromCharCode(48 + shared) + term.slice(shared);
    })
    .join(TERM_SEPARATOR);
}

export function decodeTerms(encoded: string): string[] {
  if (!encoded) return [];
  let previous = '';
  return encoded.split(TERM_SEPARATOR).map((entry) => {
    previous = previous.slice(0, entry.charCodeAt(0) - 48) + entry.slice(1);
    return previous;
  });
}

/** A term's postings in one field: document ids (ascending) with the term's frequency in each. */
export type Postings = ReadonlyArray<readonly [documentId: number, frequency: number]>;

/**
 * Every term's postings, in the order of its terms, as one string. A term is its fields separated by '!',
 * terms by a space; a field is its id (one digit) and then, per document, (gap to the previous id − 1) × 2,
 * plus 1 when the frequency is not 1, followed in that case by the frequency − 2.
 */
export function encodePostings(terms: ReadonlyArray<ReadonlyArray<readonly [fieldId: number, postings: Postings]>>): string {
  const out: string[] = [];
  terms.forEach((fields, t) => {
    if (t > 0) out.push(TERM_SEPARATOR);
    fields.forEach(([fieldId, postings], f) => {
      if (!(fieldId >= 0 && fieldId <= 9) || !Number.isInteger(fieldId)) throw new Error(`search index: field id ${fieldId}`);
      if (f > 0) out.push(FIELD_SEPARATOR);
      out.push(String(fieldId));
      let previous = -1;
      for (const [documentId, frequency] of postings) {
        if (documentId <= previous || frequency < 1) throw new Error(`search index: postings out of order or empty at document ${documentId}`);
        pushNumber(out, (documentId - previous - 1) * 2 + (frequency === 1 ? 0 : 1));
        if (frequency !== 1) pushNumber(out, frequency - 2);
        previous = documentId;
      }
    });
  });
  return out.join('');
}

/** The postings string back, as MiniSearch's plain form wants it: per term, { fieldId: { documentId: frequency } }. */
export function decodePostings(encoded: string): Record<number, Record<number, number>>[] {
  const terms: Record<number, Record<number, number>>[] = [];
  const length = encoded.length;
  let i = 0;
  const readNumber = (): number => {
    let value = 0;
    for (;;) {
      const digit = i < length ? VALUE[encoded.charCodeAt(i++)]! : -1;
      if (digit < 0) throw new Error(`search index: bad postings at character ${i - 1}`);
      if (digit < BASE) return value * BASE + digit;
      value = value * BASE + digit - BASE;
    }
  };
  let fields: Record<number, Record<number, number>> = {};
  terms.push(fields);
  while (i < length) {
    const fieldId = encoded.charCodeAt(i++) - 48;
    if (fieldId < 0 || fieldId > 9) throw new Error(`search index: bad field id at character ${i - 1}`);
    const documents: Record<number, number> = {};
    fields[fieldId] = documents;
    let documentId = -1;
    while (i < length) {
      const next = encoded[i];
      if (next === FIELD_SEPARATOR) {
        i++;
        break;
      }
      if (next === TERM_SEPARATOR) {
        i++;
        fields = {};
        terms.push(fields);
        break;
      }
      const value = readNumber();
      documentId += (value >> 1) + 1;
      documents[documentId] = value & 1 ? readNumber() + 2 : 1;
    }
  }
  return encoded ? terms : [];
}
