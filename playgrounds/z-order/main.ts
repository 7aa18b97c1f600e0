/**
 * z-order: box queries over a Z-order sort key in DynamoDB, BIGMIN against a plain range scan.
 *
 * Items carry a Z-address (the bits of their attributes interleaved) plus an ID as their binary
 * sort key. A box query reads the key range between the box's corners: the plain scan reads all
 * of it and filters on the client; QueryBox (zorder.ts, query.ts: a port of the article's tested
 * Go package) skips the out-of-box items of a page it already paid for, and starts a new range
 * at BIGMIN only when the gap runs past the page. Both run against an in-memory partition
 * (dynamodb.ts) that pages and charges as DynamoDB does: Limit and 1 MB pages, 4 KB read units,
 * half price for eventually consistent reads. main.go is the same program in Go, with the
 * package content/go/zorder.
 */
import { ConditionalCheckFailedException, MemoryTable, type AttributeValue, type Item, type QueryAPIClient, type QueryInput, type QueryOutput } from './dynamodb';
import { jumpOnFirstMiss, queryBox, rangeScan, type Box, type BoxResult } from './query';
import { Curve, IDLen, PartitionAttr, SortAttr, keyZ, lowerBound, putInput, quantize } from './zorder';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 7; // the same seed gives the same data set
const PAGE_LIMIT = 100; // Query's Limit for the generated data sets; 0 = no Limit, 1 MB pages only
const POINTS = 20_000; // readings in the two-attribute data set
const BITS = 10; // bits per attribute: a 1024 x 1024 grid
// Query boxes on that grid, corners included. The second one straddles the central seam.
const BOXES = [
  { name: 'inside one quadrant', x: [100, 299], y: [100, 299] },
  { name: 'across the centre', x: [412, 611], y: [412, 611] },
  { name: 'thin band', x: [700, 719], y: [40, 980] },
];
const DRAWN_BOX = 1; // which box the text grid draws
const NOTE_BYTES = 200; // a text attribute on every reading: items of about 258 bytes, so a 1 MB page holds about 4,000
const STRONG_READS = false; // ConsistentRead: a strongly consistent read costs twice as much
// The three-attribute data set: readings over one week in a 1° x 1° square around New York.
const POINTS_3D = 20_000;
const BITS_3D = 7; // 128 steps per attribute: about 79 minutes, 0.0078° of latitude and longitude
const BOX_3D = { minutes: [1 * 1440 + 8 * 60, 1 * 1440 + 20 * 60], lat: [40.6, 40.9], lon: [-74.1, -73.8] }; // Tuesday 08:00-20:00
const REQUEST_MS = 5; // one Query round trip, in virtual time
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);

const TABLE = 'readings';
const SOURCE = '1';

/** A 16-byte item ID with n in its last 8 bytes (a UUID or ULID in production). */
function itemID(n: number): Uint8Array {
  const id = new Uint8Array(IDLen);
  new DataView(id.buffer).setBigUint64(8, BigInt(n));
  return id;
}

const num = (v: number): { N: string } => ({ N: String(v) });
const intOf = (item: Item, name: string): number => Number((item[name] as { N: string }).N);

/** The item a reading is stored as, built with putInput as a writer would. */
function reading(c: Curve, n: number, coords: Array<number | bigint>, attrs: Record<string, AttributeValue>): Item {
  if (NOTE_BYTES > 0) attrs.note = { S: 'n'.repeat(NOTE_BYTES) };
  return putInput(TABLE, SOURCE, c.encode(...coords), itemID(n), attrs).Item;
}

/** What one Query call asked for and got. */
interface RequestLog {
  start: bigint; // the :lo bound's Z-address
  continued: boolean; // ExclusiveStartKey set: the page follows the previous one
  read: Item[];
  capacity: number;
}

/**
 * Recorder is the client the loops are given: it passes each Query to the table, takes REQUEST_MS
 * of virtual time, draws a span on its lane, and remembers every item read.
 */
class Recorder implements QueryAPIClient {
  readonly log: RequestLog[] = [];
  readonly reads = new Map<Item, number>();
  constructor(
    private readonly db: QueryAPIClient,
    private readonly lane: string,
  ) {}

  async query(input: QueryInput): Promise<QueryOutput> {
    const s = span(this.lane, `Query #${this.log.length + 1}`);
    const out = await this.db.query(STRONG_READS ? { ...input, ConsistentRead: true } : input);
    await clock.sleep(REQUEST_MS);
    const lo = input.ExpressionAttributeValues?.[':lo'] as { B: Uint8Array };
    this.log.push({ start: new DataView(lo.B.buffer, lo.B.byteOffset).getBigUint64(0), continued: !!input.ExclusiveStartKey, read: out.Items, capacity: out.ConsumedCapacity?.CapacityUnits ?? 0 });
    for (const item of out.Items) this.reads.set(item, (this.reads.get(item) ?? 0) + 1);
    s.end('ok', `${out.ScannedCount} items, ${out.ConsumedCapacity?.CapacityUnits ?? 0} RCU`);
    return out;
  }
}

type Loop = (db: QueryAPIClient, c: Curve, q: Box, pageLimit: number) => Promise<BoxResult>;
interface Run extends BoxResult {
  rec: Recorder;
}

/** Runs the loops side by side, each on its own lane, against the same table. */
async function race(db: QueryAPIClient, c: Curve, q: Box, pageLimit: number, loops: Array<[string, Loop]>): Promise<Run[]> {
  return Promise.all(
    loops.map(async ([lane, loop]) => {
      const rec = new Recorder(db, lane);
      const result = await loop(rec, c, q, pageLimit);
      instant(lane, `${result.hits.length} results`);
      return { ...result, rec };
    }),
  );
}

const fmt = (n: number): string => n.toLocaleString('en-US');
const cost = (r: BoxResult): string => `${fmt(r.stats.itemsRead)}, ${fmt(r.stats.requests)}, ${r.stats.capacity}`;
/** The same numbers as a milestone value: "3975 items, 40 requests, 40 RCU". */
const costValue = (r: BoxResult): string => `${r.stats.itemsRead} items, ${r.stats.requests} requests, ${r.stats.capacity} RCU`;
const limitName = (limit: number): string => (limit > 0 ? String(limit) : 'none (1 MB)');

// A cell of a text grid: the items it holds decide its mark.
type Mark = 'hit' | 'read' | 'skipped' | 'none';
const MARKS: Record<Mark, string> = { hit: green('█'), read: yellow('▒'), skipped: dim('·'), none: ' ' };
const LEGEND = `${MARKS.hit} result  ${MARKS.read} read, outside the box  ${MARKS.skipped} in the key range, never read`;

/**
 * A cols x rows text grid of the plane, each character `width` wide: a cell is a result if it
 * holds one, else read if an item in it was read, else skipped if it holds an item between the
 * corner addresses, else blank.
 */
function grid(items: readonly Item[], q: Box, run: Run, side: number, cols: number, rows: number, width = 1): string[] {
  const marks: Mark[][] = Array.from({ length: rows }, () => new Array<Mark>(cols).fill('none'));
  const rank: Record<Mark, number> = { none: 0, skipped: 1, read: 2, hit: 3 };
  const hits = new Set(run.hits);
  for (const item of items) {
    const z = keyZ(item);
    if (z < q.lo || z > q.hi) continue;
    const kind: Mark = hits.has(item) ? 'hit' : run.rec.reads.has(item) ? 'read' : 'skipped';
    const row = marks[Math.floor((intOf(item, 'y') * rows) / side)]!;
    const col = Math.floor((intOf(item, 'x') * cols) / side);
    if (rank[kind] > rank[row[col]!]) row[col] = kind;
  }
  return marks.map((row) => row.map((m) => MARKS[m].repeat(width)).join(''));
}

function sideBySide(left: string[], right: string[], width: number, gap = 4): void {
  for (let i = 0; i < Math.max(left.length, right.length); i++) console.log(`  ${pad(left[i] ?? '', width)}${' '.repeat(gap)}${right[i] ?? ''}`);
}

// ── 1 and 2: the article's figure ───────────────────────────────────────────────

async function figure(): Promise<void> {
  heading('1. Morton addresses on the 8 x 8 grid: y first, 3 bits each');
  const c = Curve.newCurve(2, 3);
  const lo = c.encode(2, 2);
  const hi = c.encode(5, 5);
  for (let y = 0; y < 8; y++) {
    let row = '';
    for (let x = 0; x < 8; x++) {
      const z = c.encode(y, x);
      row += c.inBox(z, lo, hi) ? green(`[${pad(String(z), 2, 'right')}]`) : dim(` ${pad(String(z), 2, 'right')} `);
    }
    console.log(`  ${dim(`y=${y}`)} ${row}`);
  }
  let inRange = 0;
  for (let z = lo; z <= hi; z++) if (c.inBox(z, lo, hi)) inRange++;
  const [next] = c.bigMin(16n, lo, hi);
  const [prev] = c.litMax(16n, lo, hi);
  log(`box x 2..5, y 2..5: z(2,2) = ${bold(String(lo))}, z(5,5) = ${bold(String(hi))}; ${inRange} of the ${hi - lo + 1n} addresses in [${lo}, ${hi}] are inside`);
  log(`BIGMIN(16) = ${bold(String(next))}: the curve leaves the box after 15 and comes back at 24; LITMAX(16) = ${bold(String(prev))}`);
  milestone('figure: z(2,2)', Number(lo));
  milestone('figure: z(5,5)', Number(hi));
  milestone('figure: BIGMIN(16)', Number(next));
  milestone('figure: LITMAX(16)', Number(prev));

  heading('2. the figure as a table: one item per cell, three loops, Limit 100 and Limit 4');
  const table = new MemoryTable(SOURCE, PartitionAttr, SortAttr);
  const items: Item[] = [];
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) items.push(reading(c, items.length, [y, x], { y: num(y), x: num(x), celsius: num(items.length % 40) }));
  table.load(items);
  const q: Box = { table: TABLE, source: SOURCE, lo, hi };
  const loops: Array<[string, Loop]> = [
    ['range scan', rangeScan],
    ['QueryBox', queryBox],
    ['jump on first miss', jumpOnFirstMiss],
  ];
  const byLimit = new Map<number, Run[]>();
  for (const limit of [100, 4]) byLimit.set(limit, await race(table, c, q, limit, loops));

  // Limit 4, request by request: QueryBox continues over short gaps and jumps over long ones.
  const [scan4, box4] = byLimit.get(4)!;
  console.log(dim('  QueryBox with Limit 4, request by request:'));
  let lastRead = lo - 1n;
  box4!.rec.log.forEach((r, i) => {
    const zs = r.read.map(keyZ);
    const from = r.continued ? `after ${lastRead}` : i === 0 ? `from ${r.start}` : yellow(`jump to ${r.start}`);
    const skipped = !r.continued && i > 0 ? dim(` (${lastRead + 1n}..${r.start - 1n} never read)`) : '';
    const inBox = zs.filter((z) => c.inBox(z, lo, hi)).length;
    const what = zs.length === 0 ? 'reads nothing: the range is done' : `reads ${zs.join(' ')}: ${inBox > 0 ? green(`${inBox} in the box`) : yellow('none in the box')}`;
    log(`request ${i + 1}  ${pad(from, 12)} ${what}${skipped}`);
    if (zs.length > 0) lastRead = zs[zs.length - 1]!;
  });
  console.log('');
  const figureGrid = (run: Run): string[] => grid(items, q, run, 8, 8, 8, 2);
  sideBySide([dim('range scan, Limit 4'), ...figureGrid(scan4!)], [dim('QueryBox, Limit 4'), ...figureGrid(box4!)], 22);
  console.log(`  ${LEGEND}`);
  console.log('');
  console.log(dim(`  ${pad('Limit', 7)}${pad('results', 9, 'right')}   ${pad('range scan', 16)}${pad('QueryBox', 16)}jump on first miss`));
  for (const [limit, runs] of byLimit) {
    const [scan, box, old] = runs;
    const col = (r: Run): string => pad(`${r.stats.itemsRead} items/${r.stats.requests} req`, 16);
    console.log(`  ${pad(limit, 7)}${pad(box!.hits.length, 9, 'right')}   ${col(scan!)}${green(col(box!))}${yellow(col(old!))}`);
    milestone(`figure Limit ${limit}: results`, box!.hits.length);
    for (const [name, r] of [['range scan', scan!], ['QueryBox', box!], ['jump on first miss', old!]] as const) milestone(`figure Limit ${limit}: ${name}`, `${r.stats.itemsRead} items, ${r.stats.requests} requests`);
  }
  log(`with Limit 100 the first page holds all 40 items: every one is paid for before the loop sees a miss`);
}

// ── 3: equal addresses ──────────────────────────────────────────────────────────

async function equalAddresses(): Promise<void> {
  heading('3. equal addresses: eight readings in three cells');
  const c = Curve.newCurve(2, 3);
  const pts = [[3, 3], [3, 3], [3, 3], [3, 3], [3, 3], [2, 2], [7, 7], [3, 3]];
  const withID = new MemoryTable(SOURCE, PartitionAttr, SortAttr);
  for (const [n, [y, x]] of pts.entries()) await withID.putItem(putInput(TABLE, SOURCE, c.encode(y!, x!), itemID(n), { y: num(y!), x: num(x!) }));
  // The same writes keyed by the bare 8-byte address, without a condition: PutItem replaces.
  const bare = new MemoryTable(SOURCE, PartitionAttr, SortAttr);
  for (const [y, x] of pts) await bare.putItem({ TableName: TABLE, Item: { [PartitionAttr]: { S: SOURCE }, [SortAttr]: { B: lowerBound(c.encode(y!, x!)) }, y: num(y!), x: num(x!) } });
  let refused = false;
  try {
    await withID.putItem(putInput(TABLE, SOURCE, c.encode(3, 3), itemID(0)));
  } catch (err) {
    refused = err instanceof ConditionalCheckFailedException;
  }
  const got = await queryBox(withID, c, { table: TABLE, source: SOURCE, lo: c.encode(2, 2), hi: c.encode(5, 5) }, 2);
  log(`sort key = address + 16-byte ID: ${green(withID.items.length)} items stored; the box 2..5 x 2..5 returns ${got.hits.length} (six in cell 3,3, one at 2,2)`);
  log(`sort key = bare address: ${yellow(bare.items.length)} items stored; PutItem replaced the rest and reported success`);
  log(`writing ID 0 again with attribute_not_exists(${SortAttr}): ${refused ? 'ConditionalCheckFailedException' : 'accepted'}`);
  milestone('equal addresses: items kept with an ID suffix', withID.items.length);
  milestone('equal addresses: items kept with the address alone', bare.items.length);
  milestone('equal addresses: box results', got.hits.length);
  milestone('equal addresses: repeated put refused', refused);
}

// ── 4: a generated data set, two attributes ─────────────────────────────────────

interface BoxRow {
  name: string;
  limit: number;
  scan: Run;
  box: Run;
}

async function generated2D(): Promise<BoxRow[]> {
  const side = 2 ** BITS;
  heading(`4. ${fmt(POINTS)} random readings on a ${side} x ${side} grid, one partition`);
  const c = Curve.newCurve(2, BITS);
  const items: Item[] = [];
  const cells = new Set<bigint>();
  for (let n = 0; n < POINTS; n++) {
    const x = random.int(0, side - 1);
    const y = random.int(0, side - 1);
    items.push(reading(c, n, [y, x], { y: num(y), x: num(x), celsius: num(random.int(-10, 35)) }));
    cells.add(c.encode(y, x));
  }
  const table = new MemoryTable(SOURCE, PartitionAttr, SortAttr);
  table.load(items);
  const bytes = table.sizes.reduce((a, b) => a + b, 0);
  log(`${fmt(items.length)} items, ${(bytes / items.length).toFixed(1)} bytes each on average: a 1 MB page holds about ${fmt(Math.floor((1 << 20) / (bytes / items.length)))}`);
  log(`${fmt(items.length - cells.size)} readings share a cell with an earlier one: the ID suffix keeps them, a bare address would not`);
  milestone('2-D: items stored', table.items.length);
  milestone('2-D: readings sharing a cell', items.length - cells.size);

  const rows: BoxRow[] = [];
  for (const [i, b] of BOXES.entries()) {
    const q: Box = { table: TABLE, source: SOURCE, lo: c.encode(b.y[0]!, b.x[0]!), hi: c.encode(b.y[1]!, b.x[1]!) };
    for (const limit of [...new Set([PAGE_LIMIT, 0])]) {
      const [scan, box] = await race(table, c, q, limit, [
        ['range scan', rangeScan],
        ['QueryBox', queryBox],
      ]);
      rows.push({ name: b.name, limit, scan: scan!, box: box! });
      if (i === DRAWN_BOX && limit === PAGE_LIMIT) {
        const bounds = `x ${b.x[0]}..${b.x[1]}, y ${b.y[0]}..${b.y[1]}`;
        console.log(dim(`  box ${i + 1}, ${b.name} (${bounds}), Limit ${limitName(limit)}; one character is ${side / 32} x ${side / 16} cells`));
        sideBySide([dim(`range scan: ${fmt(scan!.stats.itemsRead)} items read`), ...grid(items, q, scan!, side, 32, 16)], [dim(`QueryBox: ${fmt(box!.stats.itemsRead)} items read`), ...grid(items, q, box!, side, 32, 16)], 32);
        console.log(`  ${LEGEND}`);
      }
    }
  }
  console.log('');
  console.log(dim(`  ${pad('box', 22)}${pad('Limit', 13)}${pad('results', 8, 'right')}   ${pad('range scan: items, req, RCU', 29)}QueryBox: items, req, RCU`));
  for (const r of rows) {
    console.log(`  ${pad(r.name, 22)}${pad(limitName(r.limit), 13)}${pad(fmt(r.box.hits.length), 8, 'right')}   ${pad(cost(r.scan), 29)}${green(cost(r.box))}  ${dim(`x${(r.box.stats.itemsRead / r.scan.stats.itemsRead).toFixed(2)}`)}`);
    milestone(`2-D ${r.name}, Limit ${limitName(r.limit)}: results`, r.box.hits.length);
    milestone(`2-D ${r.name}, Limit ${limitName(r.limit)}: range scan`, costValue(r.scan));
    milestone(`2-D ${r.name}, Limit ${limitName(r.limit)}: QueryBox`, costValue(r.box));
  }
  const sameResults = rows.every((r) => r.box.hits.length === r.scan.hits.length && r.box.hits.every((item, k) => item === r.scan.hits[k]));
  const neverMore = rows.every((r) => r.box.stats.itemsRead <= r.scan.stats.itemsRead && [...r.box.rec.reads.values()].every((n) => n === 1));
  log(`QueryBox returned exactly the scan's results: ${sameResults}; read no item twice and never more than the scan: ${neverMore}`);
  milestone('2-D: QueryBox returns what the scan returns', sameResults);
  milestone('2-D: QueryBox never reads more than the scan', neverMore);
  return rows;
}

// ── 5: three attributes ─────────────────────────────────────────────────────────

async function generated3D(): Promise<{ scan: Run; box: Run; exact: number }> {
  heading(`5. three attributes: ${fmt(POINTS_3D)} readings over one week, time x latitude x longitude, ${BITS_3D} bits each`);
  const c = Curve.newCurve(3, BITS_3D);
  const WEEK = 7 * 1440;
  // The exact values travel with the item; the Z-address holds their quantised cells.
  const cell = (minute: number, lat: number, lon: number): [bigint, bigint, bigint] => [quantize(minute, 0, WEEK, BITS_3D), quantize(lat, 40, 41, BITS_3D), quantize(lon, -74.5, -73.5, BITS_3D)];
  const items: Item[] = [];
  const exact = new Map<Item, [number, number, number]>();
  for (let n = 0; n < POINTS_3D; n++) {
    const minute = random.int(0, WEEK - 1);
    const lat = 40 + random.next();
    const lon = -74.5 + random.next();
    const item = reading(c, n, cell(minute, lat, lon), { minute: num(minute), lat: num(lat), lon: num(lon) });
    items.push(item);
    exact.set(item, [minute, lat, lon]);
  }
  const table = new MemoryTable(SOURCE, PartitionAttr, SortAttr);
  table.load(items);
  const b = BOX_3D;
  const q: Box = { table: TABLE, source: SOURCE, lo: c.encode(...cell(b.minutes[0]!, b.lat[0]!, b.lon[0]!)), hi: c.encode(...cell(b.minutes[1]!, b.lat[1]!, b.lon[1]!)) };
  const [scan, box] = await race(table, c, q, PAGE_LIMIT, [
    ['range scan', rangeScan],
    ['QueryBox', queryBox],
  ]);
  // Cells along the box's edge can hold readings just outside the real bounds: recheck them.
  const inside = box!.hits.filter((item) => {
    const [m, la, lo] = exact.get(item)!;
    return m >= b.minutes[0]! && m <= b.minutes[1]! && la >= b.lat[0]! && la <= b.lat[1]! && lo >= b.lon[0]! && lo <= b.lon[1]!;
  }).length;
  log(`box: Tuesday 08:00-20:00, latitude ${b.lat[0]}..${b.lat[1]}, longitude ${b.lon[0]}..${b.lon[1]}; Z-range [${q.lo}, ${q.hi}] of ${2n ** BigInt(3 * BITS_3D)} addresses`);
  log(`range scan  ${cost(scan!)}  (items, requests, RCU) at Limit ${limitName(PAGE_LIMIT)}`);
  log(`QueryBox    ${green(cost(box!))}`);
  log(`${box!.hits.length} results in the box's cells; ${inside} of them pass the recheck on the exact values`);
  milestone('3-D: results', box!.hits.length);
  milestone('3-D: results after the exact recheck', inside);
  milestone('3-D: range scan', costValue(scan!));
  milestone('3-D: QueryBox', costValue(box!));
  return { scan: scan!, box: box!, exact: inside };
}

async function main(): Promise<void> {
  console.log(bold('Z-order indexing in DynamoDB: BIGMIN against a plain range scan'));
  console.log(dim(`seed ${SEED}; Query pages: Limit ${limitName(PAGE_LIMIT)}, 1 MB at most; ${STRONG_READS ? 'strongly' : 'eventually'} consistent reads; ${REQUEST_MS} ms per request`));
  await figure();
  await equalAddresses();
  const rows = await generated2D();
  const three = await generated3D();

  heading('summary');
  console.log(`  figure, Limit 100   QueryBox reads what the scan reads (40 items, 1 request): the gaps were on the page already`);
  console.log(`  figure, Limit 4     QueryBox ${cyan('28 items in 8 requests')}, the scan 40 in 11; jump on first miss re-reads pages`);
  console.log(`  unique sort keys    address + ID keeps every reading; a bare address loses the ones that share a cell`);
  for (const r of rows) {
    const ratio = r.box.stats.itemsRead / r.scan.stats.itemsRead;
    console.log(
      `  ${pad(r.name, 20)}Limit ${pad(limitName(r.limit), 12)}QueryBox reads ${pad(`${(ratio * 100).toFixed(0)}%`, 4, 'right')} of the scan's items, ` +
        `${r.box.stats.capacity} RCU vs ${r.scan.stats.capacity}; ${r.box.stats.requests} requests vs ${r.scan.stats.requests}`,
    );
  }
  console.log(`  three attributes    QueryBox ${fmt(three.box.stats.itemsRead)} items vs the scan's ${fmt(three.scan.stats.itemsRead)}, ${three.exact} results after the recheck`);
  console.log(dim(`  the page size is the lever: a jump can only skip what has not been fetched yet`));
}

runMain(main);
