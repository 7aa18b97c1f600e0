/**
 * bencode.ts: a TypeScript port of content/go/bittorrent/bencode.go, the decoder and encoder of
 * the Go Field Guide's BitTorrent package (the code of "Build a BitTorrent client in Go",
 * tested with go test and fuzzed there). Read it next to the Go file: the functions, their
 * order and every rule are the same.
 *
 * The decoder accepts only the canonical encoding BEP 3 defines, so an accepted input
 * re-encodes to exactly the same bytes. Its input comes from strangers, so it has limits:
 * - lists and dictionaries nest at most MAX_DEPTH (64) deep; without the bound a few
 *   megabytes of 'l' recurse once per byte until the stack gives out;
 * - a string's length is compared with what is left of the input before anything is sliced;
 * - integers follow BEP 3: at least one digit, no leading zero, no -0, and they must fit in
 *   an int64 (a string's length uses the same function, so "04:spam" is refused like "i04e");
 * - dictionary keys must be sorted as raw bytes, so a repeated or unsorted key is an error.
 * Every failure is a BencodeError (Go: an error wrapping ErrSyntax), never a crash.
 *
 * Go to TypeScript:
 * - A bencoded string is raw bytes: Uint8Array here (Go: a string, which may hold any bytes).
 * - An integer is a bigint, so the whole int64 range is exact (Go: int64).
 * - A dictionary is a Map whose keys are byte strings held one character per byte, so that
 *   JavaScript's string order is the bytes' order, as Go's string order is (ASCII keys look
 *   like ordinary strings).
 * - encode() also takes JavaScript numbers (integers), strings (written as UTF-8) and plain
 *   objects, for building values by hand.
 */

/** Lists and dictionaries may nest this deep: a single-file torrent needs 2 levels, a multi-file one 5. */
export const MAX_DEPTH = 64;

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

const I = 0x69; // 'i'
const L = 0x6c; // 'l'
const D = 0x64; // 'd'
const E = 0x65; // 'e'
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Every error decode() throws (Go: an error wrapping ErrSyntax, "bencode: invalid input"). */
export class BencodeError extends Error {
  constructor(
    readonly pos: number,
    readonly reason: string,
  ) {
    super(`bencode: invalid input at byte ${pos}: ${reason}`);
    this.name = 'BencodeError';
  }
}

export type BValue = bigint | Uint8Array | BValue[] | BDict;
export type BDict = Map<string, BValue>;

/** Go's %q for one byte: 'x', or '\x00' when it is not printable ASCII. */
function quoteByte(c: number): string {
  if (c === 0x27 || c === 0x5c) return `'\\${String.fromCharCode(c)}'`;
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `'\\x${c.toString(16).padStart(2, '0')}'`;
}

/** Go's %q for a string of bytes, near enough: printable ASCII as is, the rest escaped. */
function quoteKey(key: string): string {
  let out = '"';
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) out += `\\${key[i]}`;
    else if (c >= 0x20 && c < 0x7f) out += key[i];
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}

/** Bytes -> a string with one character per byte (latin1). */
export function byteString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** A string with one character per byte -> bytes. */
export function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

/** UTF-8 bytes of a JavaScript string (what Go's []byte(s) gives for Go source text). */
export function utf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export class Decoder {
  pos = 0;
  private depth = 0;
  /** Byte range of the top-level "info" value, recorded while decoding (0, 0 when there is none). */
  infoStart = 0;
  infoEnd = 0;

  constructor(private readonly buf: Uint8Array) {}

  private fail(reason: string): BencodeError {
    return new BencodeError(this.pos, reason);
  }

  /** Exactly one value, and nothing after it. */
  whole(): BValue {
    const v = this.value();
    if (this.pos !== this.buf.length) throw this.fail('trailing data after the value');
    return v;
  }

  private value(): BValue {
    if (this.pos >= this.buf.length) throw this.fail('unexpected end of input');
    const c = this.buf[this.pos]!;
    if (c === I) {
      // i<integer>e
      this.pos++;
      return this.number(true, E);
    }
    if (ZERO <= c && c <= NINE) return this.str(); // <length>:<bytes>
    if (c === L || c === D) {
      if (this.depth === MAX_DEPTH) throw this.fail(`nested more than ${MAX_DEPTH} deep`);
      this.depth++;
      try {
        this.pos++;
        return c === L ? this.list() : this.dict();
      } finally {
        this.depth--;
      }
    }
    throw this.fail(`unexpected byte ${quoteByte(c)}`);
  }

  /**
   * A base-ten integer ending in term, with BEP 3's rules: at least one digit, no leading zero
   * (only "0" itself may start with 0), no "-0". A value that does not fit in an int64 is refused too.
   */
  private number(signed: boolean, term: number): bigint {
    const buf = this.buf;
    const start = this.pos;
    let end = this.pos;
    if (signed && end < buf.length && buf[end] === MINUS) end++;
    const digits = end;
    while (end < buf.length && ZERO <= buf[end]! && buf[end]! <= NINE) end++;
    if (end === digits) throw this.fail('number without digits');
    if (end === buf.length || buf[end] !== term) throw this.fail(`number not ended by ${quoteByte(term)}`);
    if (buf[digits] === ZERO && end - digits > 1) throw this.fail('number with a leading zero');
    if (buf[digits] === ZERO && digits > start) throw this.fail('negative zero');
    // strconv.ParseInt(..., 10, 64): more than 19 digits never fits, so do not even parse them.
    if (end - digits > 19) throw this.fail('number out of range');
    let n = 0n;
    for (let i = digits; i < end; i++) n = n * 10n + BigInt(buf[i]! - ZERO);
    if (digits > start) n = -n;
    if (n > INT64_MAX || n < INT64_MIN) throw this.fail('number out of range');
    this.pos = end + 1;
    return n;
  }

  private str(): Uint8Array {
    const n = this.number(false, COLON);
    // Compare with what is left before slicing: the length is the sender's claim, and nothing
    // is allocated for it.
    const left = this.buf.length - this.pos;
    if (n > BigInt(left)) throw this.fail(`string of ${n} bytes, but only ${left} left`);
    const s = this.buf.slice(this.pos, this.pos + Number(n));
    this.pos += Number(n);
    return s;
  }

  private list(): BValue[] {
    const out: BValue[] = [];
    for (;;) {
      if (this.pos >= this.buf.length) throw this.fail('unterminated list');
      if (this.buf[this.pos] === E) {
        this.pos++;
        return out;
      }
      out.push(this.value());
    }
  }

  private dict(): BDict {
    const out: BDict = new Map();
    let prev = '';
    for (;;) {
      if (this.pos >= this.buf.length) throw this.fail('unterminated dictionary');
      if (this.buf[this.pos] === E) {
        this.pos++;
        return out;
      }
      const c = this.buf[this.pos]!;
      if (c < ZERO || c > NINE) throw this.fail('dictionary key is not a string');
      const key = byteString(this.str());
      // Keys must be sorted as raw bytes, so a repeated or out-of-order key is invalid.
      if (out.size > 0 && key <= prev) throw this.fail(`dictionary key ${quoteKey(key)} repeated or out of order`);
      const start = this.pos;
      const v = this.value();
      if (key === 'info' && this.depth === 1) {
        this.infoStart = start;
        this.infoEnd = this.pos;
      }
      out.set(key, v);
      prev = key;
    }
  }
}

/**
 * decode parses data, which must hold exactly one bencoded value, and throws a BencodeError for
 * anything else. Strings come back as Uint8Array, integers as bigint, lists as arrays and
 * dictionaries as Maps.
 */
export function decode(data: Uint8Array): BValue {
  return new Decoder(data).whole();
}

/** What encode() takes: the decoded types, plus numbers, strings and plain objects. */
export type Encodable = BValue | number | string | readonly Encodable[] | ReadonlyMap<string, Encodable> | { readonly [key: string]: Encodable };

class Bytes {
  private parts: Uint8Array[] = [];
  private ascii = '';

  text(s: string): void {
    this.ascii += s;
  }

  bytes(b: Uint8Array): void {
    this.flush();
    this.parts.push(b);
  }

  private flush(): void {
    if (this.ascii) this.parts.push(bytesOf(this.ascii));
    this.ascii = '';
  }

  done(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * encode returns the bencoding of v. Dictionary keys are written in sorted order, as BEP 3
 * requires. A value nested deeper than MAX_DEPTH (a cyclic one, say) is refused.
 */
export function encode(v: Encodable): Uint8Array {
  const out = new Bytes();
  appendValue(out, v, 0);
  return out.done();
}

function appendValue(b: Bytes, v: Encodable, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error('bencode: value nested too deeply');
  if (typeof v === 'bigint') {
    b.text(`i${v}e`);
  } else if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`bencode: cannot encode the number ${v}`);
    appendValue(b, BigInt(v), depth);
  } else if (typeof v === 'string') {
    appendString(b, utf8(v));
  } else if (v instanceof Uint8Array) {
    appendString(b, v);
  } else if (Array.isArray(v)) {
    b.text('l');
    for (const item of v as readonly Encodable[]) appendValue(b, item, depth + 1);
    b.text('e');
  } else if (v instanceof Map) {
    b.text('d');
    for (const k of [...v.keys()].sort()) {
      appendString(b, bytesOf(k));
      appendValue(b, v.get(k) as Encodable, depth + 1);
    }
    b.text('e');
  } else if (typeof v === 'object' && v !== null) {
    appendValue(b, new Map(Object.entries(v)), depth);
  } else {
    throw new Error(`bencode: cannot encode ${typeof v}`);
  }
}

function appendString(b: Bytes, s: Uint8Array): void {
  b.text(`${s.length}:`);
  b.bytes(s);
}
