/**
 * zorder.ts: a TypeScript port of the Go package content/go/zorder (this site's repository,
 * the package behind the article "Z-order indexing in DynamoDB"): Morton codes, the n-attribute
 * Curve with InBox, BIGMIN and LITMAX, the order-preserving encodings, and the unique binary
 * sort key. query.ts ports query.go (QueryBox). Read it next to the Go files; the names, the
 * order and the comments are the same.
 *
 * Go to TypeScript:
 * - uint64 is a bigint kept in 0 .. 2^64-1 (`& MASK64` where Go's arithmetic wraps), uint32 a
 *   number. `x &^ y` is `x & ~y`.
 * - Functions that return (value, ok) return a [value, ok] pair; those that return an error
 *   throw one.
 * - morton.go: interleave, encode, decode (spread and squeeze stay private).
 *   curve.go: Curve (newCurve, encode, decode, inBox, bigMin, litMax).
 *   encode.go: orderedInt64, orderedFloat64, quantize.   key.go: sortKey, keyZ, putInput, ...
 */
import type { AttributeValue, Item, PutItemInput } from './dynamodb';

export const MASK64 = (1n << 64n) - 1n;

// ── morton.go ───────────────────────────────────────────────────────────────────

/**
 * interleave builds a Z-address from any number of attributes, each already encoded as an
 * unsigned integer of width bits. Bits are taken from the most significant end, cycling
 * through the attributes in order, so vals[0] owns the top bit of the result. The result is
 * (vals.length*width+7)/8 bytes, big-endian, with any unused bits of the last byte left at zero.
 */
export function interleave(width: number, ...vals: bigint[]): Uint8Array {
  const out = new Uint8Array(Math.floor((vals.length * width + 7) / 8));
  let pos = 0; // next bit to write, counting from the left
  for (let b = width - 1; b >= 0; b--) {
    for (const v of vals) {
      if (((v >> BigInt(b)) & 1n) === 1n) out[pos >> 3]! |= 0x80 >> (pos % 8);
      pos++;
    }
  }
  return out;
}

/** spread moves bit k of v to bit 2k, leaving a zero between neighbours. */
function spread(v: number): bigint {
  let x = BigInt(v >>> 0);
  x = (x | (x << 16n)) & 0x0000ffff0000ffffn;
  x = (x | (x << 8n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x << 4n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x << 2n)) & 0x3333333333333333n;
  x = (x | (x << 1n)) & 0x5555555555555555n;
  return x;
}

/** squeeze is the inverse of spread: it keeps the even bits and packs them. */
function squeeze(z: bigint): number {
  let x = z & 0x5555555555555555n;
  x = (x | (x >> 1n)) & 0x3333333333333333n;
  x = (x | (x >> 2n)) & 0x0f0f0f0f0f0f0f0fn;
  x = (x | (x >> 4n)) & 0x00ff00ff00ff00ffn;
  x = (x | (x >> 8n)) & 0x0000ffff0000ffffn;
  x = (x | (x >> 16n)) & 0x00000000ffffffffn;
  return Number(x);
}

/**
 * encode interleaves two 32-bit attributes into a Morton code. y takes the odd bit positions,
 * so y's most significant bit is the code's most significant bit: encode(x, y) has the bits of
 * interleave(32, y, x).
 */
export function encode(x: number, y: number): bigint {
  return spread(x) | (spread(y) << 1n);
}

/** decode splits a Morton code made by encode back into x and y. */
export function decode(z: bigint): [x: number, y: number] {
  return [squeeze(z), squeeze(z >> 1n)];
}

// ── curve.go ────────────────────────────────────────────────────────────────────

/**
 * Curve is a Z-order curve over dims attributes of bits bits each, packed into the low
 * dims*bits bits of a uint64. Attribute 0 owns the most significant bit, as in interleave.
 */
export class Curve {
  /** masks[d]: every bit position owned by attribute d */
  readonly masks: bigint[];
  /** below[i]: the positions under i owned by i's attribute */
  private readonly below: bigint[] = new Array<bigint>(64).fill(0n);

  private constructor(
    readonly dims: number,
    readonly bits: number,
  ) {
    this.masks = new Array<bigint>(dims).fill(0n);
    for (let i = 0; i < dims * bits; i++) {
      const d = dims - 1 - (i % dims); // bit i belongs to attribute d
      this.below[i] = this.masks[d]!; // positions of d already seen are all below i
      this.masks[d] = this.masks[d]! | (1n << BigInt(i));
    }
  }

  /** newCurve returns the curve for dims attributes of bits bits each. */
  static newCurve(dims: number, bits: number): Curve {
    if (!Number.isInteger(dims) || !Number.isInteger(bits) || dims < 1 || bits < 1 || dims * bits > 64) {
      throw new Error(`zorder: ${dims} attributes of ${bits} bits do not fit in 64 bits`);
    }
    return new Curve(dims, bits);
  }

  /** encode interleaves one value per attribute, in attribute order. Each value must be below 1<<bits. */
  encode(...vals: Array<bigint | number>): bigint {
    if (vals.length !== this.dims) throw new Error(`zorder: Encode got ${vals.length} values for ${this.dims} attributes`);
    const vs = vals.map((v) => BigInt(v));
    let z = 0n;
    for (let b = this.bits - 1; b >= 0; b--) {
      const shift = BigInt(b);
      for (const v of vs) z = (z << 1n) | ((v >> shift) & 1n);
    }
    return z;
  }

  /** decode splits a Z-address back into one value per attribute. */
  decode(z: bigint): bigint[] {
    const vals = new Array<bigint>(this.dims).fill(0n);
    for (let i = this.dims * this.bits - 1; i >= 0; i--) {
      const d = this.dims - 1 - (i % this.dims);
      vals[d] = (vals[d]! << 1n) | ((z >> BigInt(i)) & 1n);
    }
    return vals;
  }

  /**
   * inBox reports whether z lies inside the box whose lowest and highest corners have the
   * addresses lo and hi. Masking keeps one attribute's bits in their relative order, so each
   * attribute compares without decoding.
   */
  inBox(z: bigint, lo: bigint, hi: bigint): boolean {
    for (const m of this.masks) {
      const v = z & m;
      if (v < (lo & m) || v > (hi & m)) return false;
    }
    return true;
  }

  /**
   * load1000 sets bit i and clears the lower bits of the same attribute: the smallest address
   * in the upper half of the box along that attribute.
   */
  private load1000(v: bigint, i: number): bigint {
    return (v & ~this.below[i]!) | (1n << BigInt(i));
  }

  /**
   * load0111 clears bit i and sets the lower bits of the same attribute: the largest address
   * in the lower half of the box along that attribute.
   */
  private load0111(v: bigint, i: number): bigint {
    return (v & ~(1n << BigInt(i))) | this.below[i]!;
  }

  /**
   * bigMin returns the smallest address at or above z that lies inside the box [lo, hi]; if z
   * is inside the box, that is z itself. ok is false when every in-box address is below z.
   */
  bigMin(z: bigint, lo: bigint, hi: bigint): [next: bigint, ok: boolean] {
    let next = 0n;
    let ok = false;
    for (let i = this.dims * this.bits - 1; i >= 0; i--) {
      const bit = 1n << BigInt(i);
      const zb = (z & bit) !== 0n;
      const lb = (lo & bit) !== 0n;
      const hb = (hi & bit) !== 0n;
      if (!zb && !lb && hb) {
        // 0 0 1: the box splits; z is in the lower half
        next = this.load1000(lo, i); // best answer if the lower half fails
        ok = true;
        hi = this.load0111(hi, i);
      } else if (!zb && lb) {
        // 0 1 1: the whole remaining box lies above z
        return [lo, true];
      } else if (zb && !hb) {
        // 1 0 0: the whole remaining box lies below z
        return [next, ok];
      } else if (zb && !lb) {
        // 1 0 1: the box splits; z is in the upper half
        lo = this.load1000(lo, i);
      }
      // 0 0 0 and 1 1 1: z agrees with both corners here; go on.
    }
    return [z, true]; // z agreed with the box on every bit: it is inside
  }

  /**
   * litMax is bigMin's mirror image: the largest address at or below z that lies inside the
   * box [lo, hi]. ok is false when every in-box address is above z.
   */
  litMax(z: bigint, lo: bigint, hi: bigint): [prev: bigint, ok: boolean] {
    let prev = 0n;
    let ok = false;
    for (let i = this.dims * this.bits - 1; i >= 0; i--) {
      const bit = 1n << BigInt(i);
      const zb = (z & bit) !== 0n;
      const lb = (lo & bit) !== 0n;
      const hb = (hi & bit) !== 0n;
      if (!zb && !lb && hb) {
        // 0 0 1: z is in the lower half
        hi = this.load0111(hi, i);
      } else if (!zb && lb) {
        // 0 1 1: the whole remaining box lies above z
        return [prev, ok];
      } else if (zb && !hb) {
        // 1 0 0: the whole remaining box lies below z
        return [hi, true];
      } else if (zb && !lb) {
        // 1 0 1: z is in the upper half
        prev = this.load0111(hi, i); // best answer if the upper half fails
        ok = true;
        lo = this.load1000(lo, i);
      }
    }
    return [z, true];
  }
}

// ── encode.go ───────────────────────────────────────────────────────────────────

/** orderedInt64 maps a signed integer to an unsigned one with the same order: flipping the sign bit moves negatives below positives. */
export function orderedInt64(v: bigint): bigint {
  return BigInt.asUintN(64, v) ^ (1n << 63n);
}

/**
 * orderedFloat64 maps a float64 (not NaN) to a uint64 with the same order. Positive numbers get
 * their sign bit set; negative numbers have every bit flipped, which also reverses their order
 * so that -2 sorts below -1. -0 and +0 map to adjacent values, -0 first.
 */
export function orderedFloat64(f: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f); // math.Float64bits
  const b = view.getBigUint64(0);
  if (b >> 63n === 1n) return ~b & MASK64;
  return b | (1n << 63n);
}

/**
 * quantize maps v in [min, max] onto 0 .. 1<<bits - 1 in equal steps, clamping values outside
 * the range. It never reverses order, but values closer together than one step share a cell,
 * so a reader must recheck the exact attribute for items in the cells along a query box's edge.
 */
export function quantize(v: number, min: number, max: number, bits: number): bigint {
  const top = (1n << BigInt(bits)) - 1n;
  if (!(v > min)) return 0n; // also catches NaN
  if (v >= max) return top;
  let q = BigInt(Math.floor(((v - min) / (max - min)) * Number(top + 1n)));
  if (q > top) q = top;
  return q;
}

// ── key.go ──────────────────────────────────────────────────────────────────────

/** Attribute names of the table's primary key. */
export const PartitionAttr = 'sourceId'; // String partition key
export const SortAttr = 'zkey'; // Binary sort key: Z-address, then item ID

/** IDLen is the length of the item ID appended to the Z-address. Sixteen bytes holds a UUID or a ULID. */
export const IDLen = 16;

function putUint64(dst: Uint8Array, at: number, z: bigint): void {
  new DataView(dst.buffer, dst.byteOffset, dst.byteLength).setBigUint64(at, z); // big-endian
}

/**
 * sortKey returns the binary sort key of an item: its Z-address as 8 big-endian bytes, then its
 * ID. Many items can share a Z-address (two readings in the same cell), so the address alone is
 * not a unique key; the ID makes it one without changing the order of different addresses.
 */
export function sortKey(z: bigint, id: Uint8Array): Uint8Array {
  if (id.length !== IDLen) throw new Error(`zorder: an ID is ${IDLen} bytes, got ${id.length}`);
  const k = new Uint8Array(8 + IDLen);
  putUint64(k, 0, z);
  k.set(id, 8);
  return k;
}

/** lowerBound sorts at or before every sort key whose Z-address is z. */
export function lowerBound(z: bigint): Uint8Array {
  const k = new Uint8Array(8);
  putUint64(k, 0, z);
  return k;
}

/** upperBound sorts at or after every sort key whose Z-address is z: the address followed by an ID of all 0xFF bytes. */
export function upperBound(z: bigint): Uint8Array {
  const k = new Uint8Array(8 + IDLen).fill(0xff);
  putUint64(k, 0, z);
  return k;
}

/** keyZ returns the Z-address stored in an item's (or a LastEvaluatedKey's) sort key. */
export function keyZ(item: Item): bigint {
  const attr = item[SortAttr];
  if (!attr || !('B' in attr) || attr.B.length !== 8 + IDLen) throw new Error(`zorder: item has no ${8 + IDLen}-byte ${SortAttr}`);
  return new DataView(attr.B.buffer, attr.B.byteOffset, attr.B.byteLength).getBigUint64(0);
}

/**
 * putInput builds the PutItem request that stores one item under its Z-address. The condition
 * makes a retried or colliding write fail with a ConditionalCheckFailedException instead of
 * silently replacing the item that already holds the key.
 */
export function putInput(table: string, source: string, z: bigint, id: Uint8Array, attrs?: Record<string, AttributeValue>): PutItemInput {
  const item: Item = { ...attrs }; // maps.Clone
  item[PartitionAttr] = { S: source };
  item[SortAttr] = { B: sortKey(z, id) };
  return {
    TableName: table,
    Item: item,
    ConditionExpression: `attribute_not_exists(${SortAttr})`,
  };
}
