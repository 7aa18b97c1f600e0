/**
 * The Z-order figure's logic: a 2^bits x 2^bits grid of two attributes, y interleaved first (y
 * owns the top bit, as in the article), one item per cell, read the way DynamoDB pages a Query.
 * For a query box it works out what the plain range scan between the corners reads and what the
 * corrected QueryBox loop reads, request by request: the loop of content/go/zorder/query.go on
 * this dense grid. Pure and small (addresses fit in a number: bits <= 8), for the figure's server
 * render and its client island alike.
 */

/** A query box, corners included, in cells: x0 <= x1, y0 <= y1. */
export interface GridBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export const MAX_BITS = 8;

function checkBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < 1 || bits > MAX_BITS) throw new RangeError(`bits must be 1..${MAX_BITS}, got ${bits}`);
}

/** The Z-address of cell (x, y): the bits of y and x interleaved from the top, y first. */
export function morton(x: number, y: number, bits: number): number {
  checkBits(bits);
  let z = 0;
  for (let b = bits - 1; b >= 0; b--) z = z * 4 + ((y >> b) & 1) * 2 + ((x >> b) & 1);
  return z;
}

/** The cell of a Z-address. */
export function cellOf(z: number, bits: number): { x: number; y: number } {
  checkBits(bits);
  let x = 0;
  let y = 0;
  for (let b = bits - 1; b >= 0; b--) {
    const pair = Math.floor(z / 4 ** b) % 4;
    y = y * 2 + (pair >> 1);
    x = x * 2 + (pair & 1);
  }
  return { x, y };
}

/** Masks of the bit positions each attribute owns: [y, x]. */
function masks(bits: number): [number, number] {
  let my = 0;
  let mx = 0;
  for (let b = 0; b < bits; b++) {
    mx += 2 ** (2 * b);
    my += 2 ** (2 * b + 1);
  }
  return [my, mx];
}

/** Whether z lies in the box whose corners have the addresses lo and hi (masking, no decoding). */
export function inBox(z: number, lo: number, hi: number, bits: number): boolean {
  for (const m of masks(bits)) {
    const v = z & m;
    if (v < (lo & m) || v > (hi & m)) return false;
  }
  return true;
}

/** below[i]: the positions under bit i owned by bit i's attribute. */
function below(i: number): number {
  let m = 0;
  for (let j = i - 2; j >= 0; j -= 2) m |= 1 << j;
  return m;
}
const load1000 = (v: number, i: number): number => (v & ~below(i)) | (1 << i);
const load0111 = (v: number, i: number): number => (v & ~(1 << i)) | below(i);

/**
 * BIGMIN (Tropf and Herzog): the smallest address at or above z inside the box [lo, hi], or
 * undefined when every in-box address is below z. The same walk as Curve.BigMin in
 * content/go/zorder/curve.go.
 */
export function bigMin(z: number, lo: number, hi: number, bits: number): number | undefined {
  checkBits(bits);
  let next: number | undefined;
  for (let i = 2 * bits - 1; i >= 0; i--) {
    const bit = 1 << i;
    const zb = (z & bit) !== 0;
    const lb = (lo & bit) !== 0;
    const hb = (hi & bit) !== 0;
    if (!zb && !lb && hb) {
      next = load1000(lo, i);
      hi = load0111(hi, i);
    } else if (!zb && lb) {
      return lo;
    } else if (zb && !hb) {
      return next;
    } else if (zb && !lb) {
      lo = load1000(lo, i);
    }
  }
  return z;
}

/** LITMAX, BIGMIN's mirror: the largest address at or below z inside the box, or undefined. */
export function litMax(z: number, lo: number, hi: number, bits: number): number | undefined {
  checkBits(bits);
  let prev: number | undefined;
  for (let i = 2 * bits - 1; i >= 0; i--) {
    const bit = 1 << i;
    const zb = (z & bit) !== 0;
    const lb = (lo & bit) !== 0;
    const hb = (hi & bit) !== 0;
    if (!zb && !lb && hb) {
      hi = load0111(hi, i);
    } else if (!zb && lb) {
      return prev;
    } else if (zb && !hb) {
      return hi;
    } else if (zb && !lb) {
      prev = load0111(hi, i);
      lo = load1000(lo, i);
    }
  }
  return z;
}

/** One Query request: the :lo bound it started from, whether it continued after ExclusiveStartKey, and the addresses it read. */
export interface PageRead {
  start: number;
  continued: boolean;
  read: number[];
}

export interface Scan {
  requests: PageRead[];
  itemsRead: number;
  /** in-box addresses returned, in order */
  hits: number[];
  /** read and thrown away: outside the box */
  discarded: number[];
  /** addresses between the corners that no request read, as [from, to] runs */
  skipped: Array<[number, number]>;
}

/**
 * One page of a Query over the dense grid (one item per address): up to limit addresses from
 * start (or after esk) up to hi. Like DynamoDB's, a page that stops at the Limit carries a
 * LastEvaluatedKey even when nothing is left.
 */
function page(start: number, esk: number | undefined, hi: number, limit: number): { read: number[]; lek: number | undefined } {
  const from = esk === undefined ? start : Math.max(start, esk + 1);
  const read: number[] = [];
  for (let z = from; z <= hi && read.length < limit; z++) read.push(z);
  const lek = read.length > 0 && (read.length === limit || read[read.length - 1]! < hi) ? read[read.length - 1] : undefined;
  return { read, lek };
}

function finish(requests: PageRead[], hits: number[], lo: number, hi: number, bits: number): Scan {
  const seen = new Set<number>();
  for (const r of requests) for (const z of r.read) seen.add(z);
  const discarded = [...seen].filter((z) => !inBox(z, lo, hi, bits)).sort((a, b) => a - b);
  const skipped: Array<[number, number]> = [];
  for (let z = lo; z <= hi; z++) {
    if (seen.has(z)) continue;
    const last = skipped[skipped.length - 1];
    if (last && last[1] === z - 1) last[1] = z;
    else skipped.push([z, z]);
  }
  return { requests, itemsRead: requests.reduce((n, r) => n + r.read.length, 0), hits, discarded, skipped };
}

/** The plain alternative: read every address between the corners, page by page, and filter. */
export function rangeScan(lo: number, hi: number, bits: number, limit: number): Scan {
  const requests: PageRead[] = [];
  const hits: number[] = [];
  let esk: number | undefined;
  for (;;) {
    const { read, lek } = page(lo, esk, hi, limit);
    requests.push({ start: lo, continued: esk !== undefined, read });
    for (const z of read) if (inBox(z, lo, hi, bits)) hits.push(z);
    if (lek === undefined) return finish(requests, hits, lo, hi, bits);
    esk = lek;
  }
}

/**
 * The corrected loop (QueryBox in content/go/zorder/query.go): skip the out-of-box items of a page
 * already read, with BIGMIN saying where the curve re-enters the box, and start a new range there
 * only when that point lies past the end of the page.
 */
export function queryBox(lo: number, hi: number, bits: number, limit: number): Scan {
  const requests: PageRead[] = [];
  const hits: number[] = [];
  let start = lo;
  let want = lo;
  let esk: number | undefined;
  for (;;) {
    const { read, lek } = page(start, esk, hi, limit);
    requests.push({ start, continued: esk !== undefined, read });
    for (const z of read) {
      if (z < want) continue;
      if (inBox(z, lo, hi, bits)) {
        hits.push(z);
        continue;
      }
      const next = bigMin(z, lo, hi, bits);
      if (next === undefined) return finish(requests, hits, lo, hi, bits);
      want = next;
    }
    if (lek === undefined) return finish(requests, hits, lo, hi, bits);
    if (want > lek) {
      start = want;
      esk = undefined;
    } else {
      esk = lek;
    }
  }
}

export interface Explained {
  lo: number;
  hi: number;
  /** addresses between the corners, and how many of them are in the box */
  span: number;
  inside: number;
  scan: Scan;
  loop: Scan;
}

/** Clamps and orders a box to the grid. */
export function normalizeBox(box: GridBox, bits: number): GridBox {
  const side = 2 ** bits;
  const clamp = (v: number): number => Math.min(side - 1, Math.max(0, Math.round(v)));
  const [x0, x1] = [clamp(box.x0), clamp(box.x1)].sort((a, b) => a - b) as [number, number];
  const [y0, y1] = [clamp(box.y0), clamp(box.y1)].sort((a, b) => a - b) as [number, number];
  return { x0, y0, x1, y1 };
}

/** Everything the figure shows for one box and one page Limit. */
export function explain(box: GridBox, bits: number, limit: number): Explained {
  const b = normalizeBox(box, bits);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const lo = morton(b.x0, b.y0, bits);
  const hi = morton(b.x1, b.y1, bits);
  return { lo, hi, span: hi - lo + 1, inside: (b.x1 - b.x0 + 1) * (b.y1 - b.y0 + 1), scan: rangeScan(lo, hi, bits, limit), loop: queryBox(lo, hi, bits, limit) };
}

/** Moves a box by (dx, dy) cells, keeping its size and keeping it on the grid. */
export function moveBox(box: GridBox, dx: number, dy: number, bits: number): GridBox {
  const side = 2 ** bits;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const x0 = Math.min(side - 1 - w, Math.max(0, box.x0 + dx));
  const y0 = Math.min(side - 1 - h, Math.max(0, box.y0 + dy));
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/** Resizes a box by moving its far corner (x1, y1) by (dx, dy), at least one cell wide and high. */
export function resizeBox(box: GridBox, dx: number, dy: number, bits: number): GridBox {
  const side = 2 ** bits;
  return { ...box, x1: Math.min(side - 1, Math.max(box.x0, box.x1 + dx)), y1: Math.min(side - 1, Math.max(box.y0, box.y1 + dy)) };
}

/** A page Limit that stands for none: DynamoDB's 1 MB page holds the whole range of these tiny items. */
export const NO_LIMIT = 1_000_000;

/** Where the figure draws the grid: the cell size and the margins for the axis labels, in SVG units. */
export function figureGeometry(bits: number): { cell: number; left: number; top: number; width: number; height: number } {
  checkBits(bits);
  const cell = bits <= 3 ? 34 : 22;
  const left = 40;
  const top = 34;
  const side = 2 ** bits * cell;
  return { cell, left, top, width: left + side + 8, height: top + side + 8 };
}

/** "20–23, 32–35" */
export function formatRuns(runs: Array<[number, number]>): string {
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(', ');
}

/** The figure's one-paragraph reading of a box, for the live region and the no-JavaScript render. */
export function describe(box: GridBox, bits: number, limit: number): string {
  const b = normalizeBox(box, bits);
  const e = explain(b, bits, limit);
  const req = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;
  const skipped = e.loop.skipped.length > 0 ? `; it never reads ${formatRuns(e.loop.skipped)}` : '; every address in the range is read';
  return (
    `Box x ${b.x0}–${b.x1}, y ${b.y0}–${b.y1}: the corners are z ${e.lo} and ${e.hi}, so the range holds ${e.span} addresses, ${e.inside} of them in the box. ` +
    `${limit >= NO_LIMIT ? 'With no Limit (one 1 MB page)' : `With Limit ${limit}`}, the range scan reads ${e.scan.itemsRead} items in ${req(e.scan.requests.length)}; ` +
    `QueryBox reads ${e.loop.itemsRead} in ${req(e.loop.requests.length)}${skipped}.`
  );
}
