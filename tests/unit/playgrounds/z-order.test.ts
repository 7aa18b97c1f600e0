/**
 * The z-order playground's port of content/go/zorder, checked the way the Go package's own tests
 * check it (curve_test.go, encode_test.go, query_test.go), and its in-memory DynamoDB partition,
 * rule by rule against the Developer Guide's paging and capacity rules.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  Curve,
  IDLen,
  MASK64,
  PartitionAttr,
  SortAttr,
  decode,
  encode,
  interleave,
  keyZ,
  lowerBound,
  orderedFloat64,
  orderedInt64,
  putInput,
  quantize,
  sortKey,
  upperBound,
} from '../../../playgrounds/z-order/zorder';
import { ConditionalCheckFailedException, MemoryTable, compareBytes, itemSize, type Item, type QueryAPIClient, type QueryInput, type QueryOutput } from '../../../playgrounds/z-order/dynamodb';
import { jumpOnFirstMiss, keyCondition, queryBox, rangeScan, type Box } from '../../../playgrounds/z-order/query';
import { createRandom } from '../../../playgrounds/_shared/random';

const TABLE = 'readings';

function itemID(n: number): Uint8Array {
  const id = new Uint8Array(IDLen);
  new DataView(id.buffer).setBigUint64(8, BigInt(n));
  return id;
}

/** One item per point, built with putInput, loaded with one sort. Points may repeat; each gets its own ID. */
function load(c: Curve, points: number[][], extra: Record<string, { S: string }> = {}): MemoryTable {
  const t = new MemoryTable('1', PartitionAttr, SortAttr);
  t.load(points.map((p, n) => putInput(TABLE, '1', c.encode(...p), itemID(n), { celsius: { N: String(n % 40) }, ...extra }).Item));
  return t;
}

const box = (c: Curve, lo: number[], hi: number[]): Box => ({ table: TABLE, source: '1', lo: c.encode(...lo), hi: c.encode(...hi) });

/** The sort keys of the loaded items inside the box, in order (brute force). */
function want(t: MemoryTable, c: Curve, q: Box): string[] {
  return t.items.filter((item) => c.inBox(keyZ(item), q.lo, q.hi)).map(keyOf);
}

const keyOf = (item: Item): string => Array.from((item[SortAttr] as { B: Uint8Array }).B, (b) => b.toString(16).padStart(2, '0')).join('');

/** A client that counts how often each item is read. */
function counting(db: QueryAPIClient): QueryAPIClient & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    async query(input: QueryInput): Promise<QueryOutput> {
      const out = await db.query(input);
      for (const item of out.Items) reads.set(keyOf(item), (reads.get(keyOf(item)) ?? 0) + 1);
      return out;
    },
  };
}

const bytesToBig = (b: Uint8Array): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);

describe('z-order port: Morton codes and the curve (morton.go, curve.go)', () => {
  it('encode(x, y) has the bits of interleave(32, y, x), and decode inverts it', () => {
    const r = createRandom(1);
    const c = Curve.newCurve(2, 32);
    for (let i = 0; i < 3000; i++) {
      const x = Math.floor(r.next() * 2 ** 32);
      const y = Math.floor(r.next() * 2 ** 32);
      const z = encode(x, y);
      assert.equal(z, bytesToBig(interleave(32, BigInt(y), BigInt(x))));
      assert.deepEqual(decode(z), [x, y]);
      assert.equal(c.encode(y, x), z, 'Curve(2, 32).encode(y, x)');
    }
    assert.equal(encode(0xffffffff, 0xffffffff), MASK64);
  });

  it('Curve.encode and decode round-trip in every shape, and write the bits interleave writes', () => {
    const r = createRandom(3);
    for (const [dims, bits] of [[1, 64], [2, 16], [3, 21], [4, 16], [5, 12], [8, 8]] as const) {
      const c = Curve.newCurve(dims, bits);
      for (let i = 0; i < 300; i++) {
        const vals = Array.from({ length: dims }, () => BigInt(Math.floor(r.next() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(r.next() * 2 ** 32)) >> BigInt(64 - bits));
        const z = c.encode(...vals);
        assert.deepEqual(c.decode(z), vals);
        const b = interleave(bits, ...vals);
        assert.equal(b.length, Math.ceil((dims * bits) / 8));
        assert.equal(bytesToBig(b) >> BigInt(8 * b.length - dims * bits), z, `${dims} x ${bits}: interleave is left-aligned in whole bytes`);
      }
    }
  });

  it('refuses curves that do not fit in 64 bits, and the wrong number of values', () => {
    assert.throws(() => Curve.newCurve(3, 22), /do not fit in 64 bits/);
    assert.throws(() => Curve.newCurve(0, 8), /do not fit/);
    assert.throws(() => Curve.newCurve(2, 3).encode(1), /got 1 values for 2 attributes/);
  });

  it('the figure: z(2,2) = 12, z(5,5) = 51, 16 in-box cells in four runs, BIGMIN(16) = 24, LITMAX(16) = 15', () => {
    const c = Curve.newCurve(2, 3);
    assert.equal(c.encode(2, 2), 12n);
    assert.equal(c.encode(5, 5), 51n);
    const inBox: number[] = [];
    for (let z = 12n; z <= 51n; z++) if (c.inBox(z, 12n, 51n)) inBox.push(Number(z));
    assert.deepEqual(inBox, [12, 13, 14, 15, 24, 25, 26, 27, 36, 37, 38, 39, 48, 49, 50, 51]);
    assert.deepEqual(c.bigMin(16n, 12n, 51n), [24n, true]);
    assert.deepEqual(c.litMax(16n, 12n, 51n), [15n, true]);
    assert.deepEqual(c.bigMin(13n, 12n, 51n), [13n, true], 'an in-box address is its own BIGMIN');
    assert.deepEqual(c.bigMin(52n, 12n, 51n)[1], false, 'nothing in the box lies above the high corner');
    assert.deepEqual(c.litMax(11n, 12n, 51n)[1], false, 'nothing in the box lies below the low corner');
  });

  /** BIGMIN, LITMAX and inBox against brute force on every box of the grid and every address. */
  function checkAllBoxes(c: Curve, side: number): number {
    const total = 2 ** (c.dims * c.bits);
    let cases = 0;
    const corner = (d: number, lo: number[], hi: number[]): void => {
      if (d === c.dims) {
        const zlo = c.encode(...lo);
        const zhi = c.encode(...hi);
        const inside = (z: number): boolean => c.decode(BigInt(z)).every((v, i) => v >= BigInt(lo[i]!) && v <= BigInt(hi[i]!));
        const nextIn = new Array<number>(total + 1).fill(total);
        for (let z = total - 1; z >= 0; z--) nextIn[z] = inside(z) ? z : nextIn[z + 1]!;
        let prevIn = -1;
        for (let z = 0; z < total; z++) {
          if (inside(z)) prevIn = z;
          assert.equal(c.inBox(BigInt(z), zlo, zhi), inside(z));
          const [next, ok] = c.bigMin(BigInt(z), zlo, zhi);
          assert.equal(ok, nextIn[z]! < total, `BigMin(${z}) box ${lo}-${hi}`);
          if (ok) assert.equal(next, BigInt(nextIn[z]!), `BigMin(${z}) box ${lo}-${hi}`);
          const [prev, okPrev] = c.litMax(BigInt(z), zlo, zhi);
          assert.equal(okPrev, prevIn >= 0, `LitMax(${z}) box ${lo}-${hi}`);
          if (okPrev) assert.equal(prev, BigInt(prevIn), `LitMax(${z}) box ${lo}-${hi}`);
          cases++;
        }
        return;
      }
      for (let a = 0; a < side; a++) for (let b = a; b < side; b++) corner(d + 1, [...lo, a], [...hi, b]);
    };
    corner(0, [], []);
    return cases;
  }

  it('BIGMIN and LITMAX match brute force on every box of an 8 x 8 grid', () => {
    assert.equal(checkAllBoxes(Curve.newCurve(2, 3), 8), 36 * 36 * 64);
  });

  it('BIGMIN and LITMAX match brute force on every box of a 4 x 4 x 4 grid', () => {
    assert.equal(checkAllBoxes(Curve.newCurve(3, 2), 4), 10 * 10 * 10 * 64);
  });

  it('BIGMIN on random boxes of a 3 x 21-bit curve lands in the box and skips nothing', () => {
    const r = createRandom(5);
    const c = Curve.newCurve(3, 21);
    for (let i = 0; i < 2000; i++) {
      const lo: number[] = [];
      const hi: number[] = [];
      for (let d = 0; d < 3; d++) {
        const a = r.int(0, 2 ** 21 - 1);
        const b = r.int(0, 2 ** 21 - 1);
        lo.push(Math.min(a, b));
        hi.push(Math.max(a, b));
      }
      const zlo = c.encode(...lo);
      const zhi = c.encode(...hi);
      const z = zlo + BigInt(Math.floor(r.next() * Number(zhi - zlo + 1n)));
      const [next, ok] = c.bigMin(z, zlo, zhi);
      assert.ok(ok && next >= z && c.inBox(next, zlo, zhi), `BigMin(${z})`);
      if (next > z) {
        const [prev, okPrev] = c.litMax(next - 1n, zlo, zhi);
        assert.ok(!okPrev || prev < z, `BigMin(${z}) = ${next} skipped in-box ${prev}`);
      }
    }
  });
});

describe('z-order port: order-preserving encodings (encode.go)', () => {
  it('orderedInt64 keeps the order of signed integers and maps the extremes to 0 and all ones', () => {
    const vals = [-(2n ** 63n), -(1n << 40n), -2n, -1n, 0n, 1n, 2n, 1n << 40n, 2n ** 63n - 1n];
    for (let i = 1; i < vals.length; i++) assert.ok(orderedInt64(vals[i - 1]!) < orderedInt64(vals[i]!));
    assert.equal(orderedInt64(-(2n ** 63n)), 0n);
    assert.equal(orderedInt64(2n ** 63n - 1n), MASK64);
  });

  it('orderedFloat64 keeps the order of floats, infinities and both zeros included', () => {
    const vals = [-Infinity, -Number.MAX_VALUE, -2, -1, -1e-300, -0, 0, 1e-300, 1, 2, Number.MAX_VALUE, Infinity];
    for (let i = 1; i < vals.length; i++) assert.ok(orderedFloat64(vals[i - 1]!) < orderedFloat64(vals[i]!), `${vals[i - 1]} < ${vals[i]}`);
    const r = createRandom(7);
    const fs = Array.from({ length: 5000 }, () => (r.next() - 0.5) * 10 ** r.int(-20, 20)).sort((a, b) => a - b);
    for (let i = 1; i < fs.length; i++) if (fs[i - 1]! < fs[i]!) assert.ok(orderedFloat64(fs[i - 1]!) < orderedFloat64(fs[i]!));
  });

  it('quantize maps the range ends to the first and last cell, clamps, catches NaN and never reverses order', () => {
    assert.equal(quantize(-90, -90, 90, 21), 0n);
    assert.equal(quantize(90, -90, 90, 21), 2n ** 21n - 1n);
    assert.equal(quantize(-100, -90, 90, 21), 0n);
    assert.equal(quantize(100, -90, 90, 21), 2n ** 21n - 1n);
    assert.equal(quantize(NaN, -90, 90, 21), 0n);
    let prev = 0n;
    for (let v = -90; v <= 90; v += 0.01) {
      const q = quantize(v, -90, 90, 21);
      assert.ok(q >= prev, `monotonic at ${v}`);
      prev = q;
    }
  });
});

describe('z-order port: the unique sort key (key.go)', () => {
  it('is the 8-byte big-endian address followed by the 16-byte ID', () => {
    const k = sortKey(0x0102030405060708n, itemID(9));
    assert.equal(k.length, 24);
    assert.deepEqual([...k.slice(0, 8)], [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(k[23], 9);
    assert.equal(keyZ({ [SortAttr]: { B: k } }), 0x0102030405060708n);
    assert.throws(() => sortKey(1n, new Uint8Array(8)), /16 bytes/);
  });

  it('lowerBound and upperBound bracket every ID of one address, and never another address', () => {
    const z = 77n;
    for (const id of [new Uint8Array(IDLen), itemID(1), new Uint8Array(IDLen).fill(0xff)]) {
      const k = sortKey(z, id);
      assert.ok(compareBytes(lowerBound(z), k) < 0);
      assert.ok(compareBytes(k, upperBound(z)) <= 0);
    }
    assert.ok(compareBytes(upperBound(z - 1n), lowerBound(z)) < 0);
    assert.ok(compareBytes(upperBound(z), lowerBound(z + 1n)) < 0);
  });

  it('keyZ refuses a bare 8-byte address', () => {
    assert.throws(() => keyZ({ [SortAttr]: { B: lowerBound(5n) } }), /24-byte zkey/);
    assert.throws(() => keyZ({}), /24-byte zkey/);
  });

  it('putInput sets the keys and attribute_not_exists, and leaves the caller\'s attributes alone', () => {
    const attrs = { celsius: { N: '21' } };
    const input = putInput(TABLE, '1', 12n, itemID(3), attrs);
    assert.equal(input.TableName, TABLE);
    assert.equal(input.ConditionExpression, 'attribute_not_exists(zkey)');
    assert.deepEqual(input.Item[PartitionAttr], { S: '1' });
    assert.equal(keyZ(input.Item), 12n);
    assert.deepEqual(input.Item.celsius, { N: '21' });
    assert.deepEqual(Object.keys(attrs), ['celsius'], 'a copy, as maps.Clone makes');
  });
});

describe('z-order model: the in-memory partition follows the Query rules', () => {
  const c = Curve.newCurve(2, 3);
  const grid = (): MemoryTable => {
    const pts: number[][] = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) pts.push([y, x]);
    return load(c, pts);
  };
  const all = (extra: Partial<QueryInput> = {}): QueryInput => ({
    TableName: TABLE,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeValues: { ':s': { S: '1' }, ':lo': { B: lowerBound(0n) }, ':hi': { B: upperBound(63n) } },
    ReturnConsumedCapacity: 'TOTAL',
    ...extra,
  });

  it('returns items in sort-key byte order, between the bounds, both included', async () => {
    const t = grid();
    const out = await t.query(all({ ExpressionAttributeValues: { ':s': { S: '1' }, ':lo': { B: lowerBound(12n) }, ':hi': { B: upperBound(51n) } } }));
    assert.deepEqual(out.Items.map((i) => Number(keyZ(i))), Array.from({ length: 40 }, (_, i) => 12 + i));
    assert.equal(out.Count, 40);
    assert.equal(out.ScannedCount, 40);
    assert.equal(out.LastEvaluatedKey, undefined, 'the range is exhausted: no LastEvaluatedKey');
  });

  it('caps a page at Limit, with a LastEvaluatedKey even when nothing is left, and continues after ExclusiveStartKey', async () => {
    const t = grid();
    const page1 = await t.query(all({ Limit: 60 }));
    assert.equal(page1.Count, 60);
    assert.equal(keyZ(page1.LastEvaluatedKey!), 59n);
    assert.deepEqual(Object.keys(page1.LastEvaluatedKey!).sort(), [SortAttr, PartitionAttr].sort(), 'the key attributes only');
    const page2 = await t.query(all({ Limit: 4, ExclusiveStartKey: page1.LastEvaluatedKey }));
    assert.deepEqual(page2.Items.map((i) => Number(keyZ(i))), [60, 61, 62, 63]);
    assert.ok(page2.LastEvaluatedKey, 'a full page carries a LastEvaluatedKey even at the end');
    const page3 = await t.query(all({ Limit: 4, ExclusiveStartKey: page2.LastEvaluatedKey }));
    assert.equal(page3.Count, 0);
    assert.equal(page3.LastEvaluatedKey, undefined);
  });

  it('stops a page before it passes 1 MB of data read', async () => {
    const t = load(Curve.newCurve(2, 3), [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4]], { note: { S: 'n'.repeat(300_000) } });
    const size = t.sizes[0]!;
    assert.ok(size > 300_000 && 3 * size <= 1 << 20 && 4 * size > 1 << 20);
    const out = await t.query(all());
    assert.equal(out.Count, 3, 'three items fit in 1 MB, the fourth would pass it');
    assert.equal(keyZ(out.LastEvaluatedKey!), Curve.newCurve(2, 3).encode(0, 2), 'the third item in key order');
    const big = load(Curve.newCurve(2, 3), [[0, 0]], { note: { S: 'n'.repeat(1 << 20) } });
    assert.equal((await big.query(all())).Count, 1, 'a page always holds at least one item');
  });

  it('charges the page\'s summed item sizes in 4 KB units, half for eventually consistent reads, and an empty page too', async () => {
    const t = grid();
    const total = t.sizes.reduce((a, b) => a + b, 0);
    const units = Math.ceil(total / 4096);
    assert.equal((await t.query(all())).ConsumedCapacity?.CapacityUnits, units / 2);
    assert.equal((await t.query(all({ ConsistentRead: true }))).ConsumedCapacity?.CapacityUnits, units);
    const empty = await t.query(all({ ExpressionAttributeValues: { ':s': { S: 'other source' }, ':lo': { B: lowerBound(0n) }, ':hi': { B: upperBound(63n) } } }));
    assert.equal(empty.Count, 0);
    assert.equal(empty.ConsumedCapacity?.CapacityUnits, 0.5);
    // Rounding is per request: 64 one-item pages cost 64 half units, more than one page of all 64.
    let paged = 0;
    let esk: Item | undefined;
    do {
      const out = await t.query(all({ Limit: 1, ExclusiveStartKey: esk }));
      paged += out.ConsumedCapacity!.CapacityUnits!;
      esk = out.LastEvaluatedKey;
    } while (esk);
    assert.equal(paged, 65 * 0.5, '64 pages of one item and a last empty page');
    assert.equal((await t.query(all({ ReturnConsumedCapacity: undefined }))).ConsumedCapacity, undefined, 'reported only when asked for');
  });

  it('sizes items as the Developer Guide does: names plus values, numbers by their digits', () => {
    assert.equal(itemSize({ ab: { S: 'xyz' } }), 5);
    assert.equal(itemSize({ k: { B: new Uint8Array(24) } }), 25);
    assert.equal(itemSize({ n: { N: '12345' } }), 1 + 3 + 1);
    assert.equal(itemSize({ n: { N: '-7' } }), 1 + 1 + 1);
    assert.equal(itemSize({ é: { S: 'é' } }), 4, 'UTF-8 bytes');
  });

  it('refuses a Limit below 1, another key condition and missing values', async () => {
    const t = grid();
    await assert.rejects(t.query(all({ Limit: 0 })), /Limit must be at least 1/);
    await assert.rejects(t.query(all({ KeyConditionExpression: 'sourceId = :s' })), /unsupported key condition/);
    await assert.rejects(t.query(all({ ExpressionAttributeValues: { ':s': { S: '1' } } })), /missing expression values/);
  });

  it('PutItem with attribute_not_exists fails on a used key; without a condition it replaces', async () => {
    const t = new MemoryTable('1', PartitionAttr, SortAttr);
    await t.putItem(putInput(TABLE, '1', 5n, itemID(1), { v: { N: '1' } }));
    await assert.rejects(t.putItem(putInput(TABLE, '1', 5n, itemID(1), { v: { N: '2' } })), (err: unknown) => err instanceof ConditionalCheckFailedException && err.message === 'The conditional request failed');
    assert.deepEqual(t.items[0]!.v, { N: '1' });
    await t.putItem({ ...putInput(TABLE, '1', 5n, itemID(1), { v: { N: '3' } }), ConditionExpression: undefined });
    assert.equal(t.items.length, 1);
    assert.deepEqual(t.items[0]!.v, { N: '3' });
    await assert.rejects(t.putItem(putInput(TABLE, 'other', 5n, itemID(2))), /wrong partition/);
    assert.throws(() => t.load([putInput(TABLE, '1', 5n, itemID(1)).Item]), /duplicate sort key/);
  });
});

describe('z-order port: QueryBox (query.go)', () => {
  it('returns exactly the items in the box, never reads more than the range scan, and never reads an item twice', async () => {
    const r = createRandom(9);
    for (const [dims, bits] of [[2, 8], [3, 5]] as const) {
      const c = Curve.newCurve(dims, bits);
      const pts = Array.from({ length: 600 }, () => Array.from({ length: dims }, () => r.int(0, 2 ** bits - 1)));
      pts.push(...pts.slice(0, 60)); // 60 points stored twice
      const t = load(c, pts);
      for (let k = 0; k < 40; k++) {
        const lo: number[] = [];
        const hi: number[] = [];
        for (let d = 0; d < dims; d++) {
          const a = r.int(0, 2 ** bits - 1);
          const b = r.int(0, 2 ** bits - 1);
          lo.push(Math.min(a, b));
          hi.push(Math.max(a, b));
        }
        const q = box(c, lo, hi);
        const expect = want(t, c, q);
        for (const limit of [0, 1, 7, 100]) {
          const db = counting(t);
          const got = await queryBox(db, c, q, limit);
          assert.deepEqual(got.hits.map(keyOf), expect, `${dims}x${bits} box ${lo}-${hi} limit ${limit}`);
          const naive = await rangeScan(t, c, q, limit);
          assert.deepEqual(naive.hits.map(keyOf), expect);
          assert.ok(got.stats.itemsRead <= naive.stats.itemsRead, `read ${got.stats.itemsRead}, the scan ${naive.stats.itemsRead}`);
          assert.ok([...db.reads.values()].every((n) => n === 1), 'no item read twice');
          assert.equal(got.stats.itemsRead, db.reads.size);
        }
      }
    }
  });

  it('keeps every item of one cell: eight readings in three cells all stored, a repeated ID refused', async () => {
    const c = Curve.newCurve(2, 3);
    const pts = [[3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [2, 2], [7, 7], [3, 3]];
    const t = new MemoryTable('1', PartitionAttr, SortAttr);
    for (const [n, p] of pts.entries()) await t.putItem(putInput(TABLE, '1', c.encode(...p), itemID(n)));
    assert.equal(t.items.length, 8);
    for (const limit of [0, 1, 2, 3]) assert.equal((await queryBox(t, c, box(c, [2, 2], [5, 5]), limit)).hits.length, 7, `limit ${limit}`);
    await assert.rejects(t.putItem(putInput(TABLE, '1', c.encode(3, 3), itemID(0))), ConditionalCheckFailedException);
    // Keyed by the address alone, the same writes leave three items.
    const bare = new MemoryTable('1', PartitionAttr, SortAttr);
    for (const p of pts) await bare.putItem({ TableName: TABLE, Item: { [PartitionAttr]: { S: '1' }, [SortAttr]: { B: lowerBound(c.encode(...p)) } } });
    assert.equal(bare.items.length, 3);
  });

  it('the figure: 40 items in 1 request at Limit 100 (the old loop 88 in 4); 28 in 8 at Limit 4 against the scan\'s 40 in 11', async () => {
    const c = Curve.newCurve(2, 3);
    const pts: number[][] = [];
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) pts.push([y, x]);
    const t = load(c, pts);
    const q = box(c, [2, 2], [5, 5]);
    const cost = async (loop: typeof queryBox, limit: number): Promise<[number, number, number]> => {
      const { hits, stats } = await loop(t, c, q, limit);
      return [hits.length, stats.itemsRead, stats.requests];
    };
    assert.deepEqual(await cost(queryBox, 100), [16, 40, 1]);
    assert.deepEqual(await cost(rangeScan, 100), [16, 40, 1]);
    assert.deepEqual(await cost(jumpOnFirstMiss, 100), [16, 88, 4]);
    assert.deepEqual(await cost(queryBox, 4), [16, 28, 8]);
    assert.deepEqual(await cost(rangeScan, 4), [16, 40, 11]);
    assert.equal((await queryBox(t, c, q, 100)).stats.capacity, 0.5, 'one eventually consistent page of 40 small items');
  });
});
