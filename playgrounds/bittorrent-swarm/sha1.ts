/**
 * sha1.ts: SHA-1 (FIPS 180-4, section 6.1), what Go's crypto/sha1.Sum computes, written out
 * because a playground cannot count on crypto.subtle (and it would be asynchronous anyway).
 * The unit tests check it against the FIPS and RFC 3174 test vectors and against Node's crypto.
 *
 * BitTorrent v1 uses SHA-1 twice: the info hash is the SHA-1 of the bencoded info dictionary,
 * and every piece is checked against the 20-byte hash the metainfo lists for it.
 */

/** The 20-byte SHA-1 digest of data. */
export function sha1(data: Uint8Array): Uint8Array {
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;

  // Padding: a 1 bit, zeros, and the length in bits as a 64-bit big-endian number,
  // to a multiple of 64 bytes.
  const bitLength = data.length * 8;
  const total = Math.ceil((data.length + 9) / 64) * 64;
  const tail = new Uint8Array(total - Math.floor(data.length / 64) * 64);
  const whole = data.length - (data.length % 64); // bytes handled straight from data
  tail.set(data.subarray(whole));
  tail[data.length - whole] = 0x80;
  const hi = Math.floor(bitLength / 2 ** 32);
  const lo = bitLength >>> 0;
  const n = tail.length;
  tail[n - 8] = hi >>> 24;
  tail[n - 7] = (hi >>> 16) & 0xff;
  tail[n - 6] = (hi >>> 8) & 0xff;
  tail[n - 5] = hi & 0xff;
  tail[n - 4] = lo >>> 24;
  tail[n - 3] = (lo >>> 16) & 0xff;
  tail[n - 2] = (lo >>> 8) & 0xff;
  tail[n - 1] = lo & 0xff;

  const w = new Int32Array(80);
  const block = (buf: Uint8Array, at: number): void => {
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (buf[j]! << 24) | (buf[j + 1]! << 16) | (buf[j + 2]! << 8) | buf[j + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number;
      let k: number;
      if (i < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (i < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (i < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  };

  for (let at = 0; at < whole; at += 64) block(data, at);
  for (let at = 0; at < tail.length; at += 64) block(tail, at);

  const out = new Uint8Array(20);
  [h0, h1, h2, h3, h4].forEach((h, i) => {
    out[i * 4] = h >>> 24;
    out[i * 4 + 1] = (h >>> 16) & 0xff;
    out[i * 4 + 2] = (h >>> 8) & 0xff;
    out[i * 4 + 3] = h & 0xff;
  });
  return out;
}

/** Lowercase hex, as Go's %x prints a [20]byte. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Byte-for-byte equality (Go: == on two [20]byte arrays). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
