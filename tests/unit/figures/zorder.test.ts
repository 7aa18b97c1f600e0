/** The Z-order figure's pure logic (lib/figures/zorder.ts): addresses, BIGMIN and LITMAX, and the two read loops. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bigMin, cellOf, describe as describeBox, explain, formatRuns, inBox, litMax, morton, moveBox, normalizeBox, queryBox, rangeScan, resizeBox } from '../../../lib/figures/zorder';

describe('Z-order figure: addresses', () => {
  it('numbers the 8 x 8 grid as the article\'s figure does, y first', () => {
    const rows = Array.from({ length: 8 }, (_, y) => Array.from({ length: 8 }, (_, x) => morton(x, y, 3)));
    assert.deepEqual(rows[0], [0, 1, 4, 5, 16, 17, 20, 21]);
    assert.deepEqual(rows[2], [8, 9, 12, 13, 24, 25, 28, 29]);
    assert.deepEqual(rows[7], [42, 43, 46, 47, 58, 59, 62, 63]);
    for (let z = 0; z < 256; z++) {
      const { x, y } = cellOf(z, 4);
      assert.equal(morton(x, y, 4), z);
    }
    assert.throws(() => morton(0, 0, 9), RangeError);
  });

  it('BIGMIN and LITMAX match brute force on every box of the 8 x 8 grid and every address', () => {
    let cases = 0;
    for (let x0 = 0; x0 < 8; x0++)
      for (let x1 = x0; x1 < 8; x1++)
        for (let y0 = 0; y0 < 8; y0++)
          for (let y1 = y0; y1 < 8; y1++) {
            const lo = morton(x0, y0, 3);
            const hi = morton(x1, y1, 3);
            const inside = (z: number): boolean => {
              const { x, y } = cellOf(z, 3);
              return x >= x0 && x <= x1 && y >= y0 && y <= y1;
            };
            for (let z = 0; z < 64; z++) {
              assert.equal(inBox(z, lo, hi, 3), inside(z));
              let next: number | undefined;
              for (let w = z; w < 64 && next === undefined; w++) if (inside(w)) next = w;
              let prev: number | undefined;
              for (let w = z; w >= 0 && prev === undefined; w--) if (inside(w)) prev = w;
              assert.equal(bigMin(z, lo, hi, 3), next, `BIGMIN(${z}) box ${x0}..${x1} x ${y0}..${y1}`);
              assert.equal(litMax(z, lo, hi, 3), prev, `LITMAX(${z})`);
              cases++;
            }
          }
    assert.equal(cases, 36 * 36 * 64);
  });
});

describe('Z-order figure: the range scan and QueryBox on one item per cell', () => {
  it('the article\'s box, x 2..5 and y 2..5: 40 addresses for 16 results', () => {
    const e = explain({ x0: 2, y0: 2, x1: 5, y1: 5 }, 3, 4);
    assert.deepEqual([e.lo, e.hi, e.span, e.inside], [12, 51, 40, 16]);
    assert.equal(bigMin(16, 12, 51, 3), 24);
    assert.equal(litMax(16, 12, 51, 3), 15);
  });

  it('with Limit 4: the scan reads 40 items in 11 requests, QueryBox 28 in 8 and never reads 20-23, 32-35, 44-47', () => {
    const e = explain({ x0: 2, y0: 2, x1: 5, y1: 5 }, 3, 4);
    assert.deepEqual([e.scan.itemsRead, e.scan.requests.length], [40, 11]);
    assert.deepEqual([e.loop.itemsRead, e.loop.requests.length], [28, 8]);
    assert.deepEqual(e.loop.skipped, [[20, 23], [32, 35], [44, 47]]);
    assert.deepEqual(e.scan.skipped, []);
    assert.deepEqual(e.loop.hits, [12, 13, 14, 15, 24, 25, 26, 27, 36, 37, 38, 39, 48, 49, 50, 51]);
    assert.deepEqual(e.loop.discarded, [16, 17, 18, 19, 28, 29, 30, 31, 40, 41, 42, 43]);
    assert.deepEqual(
      e.loop.requests.map((r) => [r.start, r.continued, r.read[0]]),
      [[12, false, 12], [12, true, 16], [24, false, 24], [24, true, 28], [36, false, 36], [36, true, 40], [48, false, 48], [48, true, undefined]],
      'a jump starts a new range at BIGMIN; a short gap is read through',
    );
  });

  it('with Limit 100 one page holds the whole range: both read 40 items in 1 request', () => {
    const e = explain({ x0: 2, y0: 2, x1: 5, y1: 5 }, 3, 100);
    assert.deepEqual([e.scan.itemsRead, e.scan.requests.length, e.loop.itemsRead, e.loop.requests.length], [40, 1, 40, 1]);
  });

  it('on every box of the 8 x 8 grid and every Limit from 1 to 12, QueryBox returns the box and reads no more than the scan, each item once', () => {
    for (let x0 = 0; x0 < 8; x0++)
      for (let x1 = x0; x1 < 8; x1++)
        for (let y0 = 0; y0 < 8; y0++)
          for (let y1 = y0; y1 < 8; y1++) {
            const lo = morton(x0, y0, 3);
            const hi = morton(x1, y1, 3);
            for (let limit = 1; limit <= 12; limit++) {
              const scan = rangeScan(lo, hi, 3, limit);
              const loop = queryBox(lo, hi, 3, limit);
              assert.deepEqual(loop.hits, scan.hits);
              assert.equal(loop.hits.length, (x1 - x0 + 1) * (y1 - y0 + 1));
              assert.ok(loop.itemsRead <= scan.itemsRead);
              const all = loop.requests.flatMap((r) => r.read);
              assert.equal(new Set(all).size, all.length, 'no address read twice');
              assert.equal(loop.itemsRead + loop.skipped.reduce((n, [a, b]) => n + b - a + 1, 0), hi - lo + 1, 'read plus skipped is the range');
            }
          }
  });
});

describe('Z-order figure: moving and resizing the box', () => {
  it('moves within the grid keeping the size, resizes from the far corner, and orders and clamps corners', () => {
    const b = { x0: 2, y0: 2, x1: 5, y1: 5 };
    assert.deepEqual(moveBox(b, 1, 0, 3), { x0: 3, y0: 2, x1: 6, y1: 5 });
    assert.deepEqual(moveBox(b, 5, -9, 3), { x0: 4, y0: 0, x1: 7, y1: 3 });
    assert.deepEqual(resizeBox(b, 1, -1, 3), { x0: 2, y0: 2, x1: 6, y1: 4 });
    assert.deepEqual(resizeBox(b, -9, 9, 3), { x0: 2, y0: 2, x1: 2, y1: 7 });
    assert.deepEqual(normalizeBox({ x0: 6, y0: -2, x1: 1, y1: 11 }, 3), { x0: 1, y0: 0, x1: 6, y1: 7 });
  });

  it('describes a box in one sentence', () => {
    assert.equal(formatRuns([[20, 23], [30, 30]]), '20–23, 30');
    assert.equal(
      describeBox({ x0: 2, y0: 2, x1: 5, y1: 5 }, 3, 4),
      'Box x 2–5, y 2–5: the corners are z 12 and 51, so the range holds 40 addresses, 16 of them in the box. With Limit 4, the range scan reads 40 items in 11 requests; QueryBox reads 28 in 8 requests; it never reads 20–23, 32–35, 44–47.',
    );
    assert.match(describeBox({ x0: 0, y0: 0, x1: 1, y1: 1 }, 3, 4), /reads 4 items in 2 requests; QueryBox reads 4 in 2 requests; every address in the range is read/);
  });
});
