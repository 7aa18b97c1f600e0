/**
 * query.ts: a port of content/go/zorder/query.go, the corrected box query over one partition,
 * and of the two loops content/go/zorder/query_test.go measures it against: rangeScan (the
 * plain BETWEEN scan) and jumpOnFirstMiss (the loop the article used to print, kept only to
 * show what it cost).
 *
 * Go to TypeScript: `ctx` is left out; `db.Query(ctx, in)` is `await db.query(input)`; the
 * ([]item, Stats, error) result is {hits, stats}, and errors are thrown.
 */
import type { Item, QueryAPIClient, QueryInput } from './dynamodb';
import { Curve, PartitionAttr, SortAttr, keyZ, lowerBound, upperBound } from './zorder';

/** keyCondition reads one partition between two sort keys. */
export const keyCondition = `${PartitionAttr} = :s AND ${SortAttr} BETWEEN :lo AND :hi`;

/** Box is a box query against one partition: lo and hi are the Z-addresses of the box's lowest and highest corners. */
export interface Box {
  table: string;
  source: string;
  lo: bigint;
  hi: bigint;
}

/** Stats counts what a query cost. */
export interface Stats {
  /** Query calls */
  requests: number;
  /** items DynamoDB read (sum of ScannedCount) */
  itemsRead: number;
  /** read capacity units reported by DynamoDB */
  capacity: number;
}

export interface BoxResult {
  hits: Item[];
  stats: Stats;
}

function input(q: Box, start: bigint, esk: Item | undefined, pageLimit: number): QueryInput {
  const page: QueryInput = {
    TableName: q.table,
    KeyConditionExpression: keyCondition,
    ExpressionAttributeValues: {
      ':s': { S: q.source },
      ':lo': { B: lowerBound(start) },
      ':hi': { B: upperBound(q.hi) },
    },
    ExclusiveStartKey: esk,
    ReturnConsumedCapacity: 'TOTAL',
  };
  if (pageLimit > 0) page.Limit = pageLimit;
  return page;
}

/**
 * queryBox returns every item of the partition whose Z-address lies in the box. It reads the
 * sort-key range page by page. Out-of-box items on a page it has already paid for are skipped,
 * with bigMin telling it where the curve next enters the box; only when that point lies beyond
 * the end of the page does it start a new range there instead of continuing. It therefore
 * never reads an item twice, and never reads more than a plain range scan over [q.lo, q.hi].
 * pageLimit sets Query's Limit; 0 leaves pages at DynamoDB's 1 MB.
 */
export async function queryBox(db: QueryAPIClient, c: Curve, q: Box, pageLimit: number): Promise<BoxResult> {
  const hits: Item[] = [];
  const st: Stats = { requests: 0, itemsRead: 0, capacity: 0 };
  let start = q.lo; // low end of the key range being read
  let want = q.lo; // no in-box address lies below want
  let esk: Item | undefined;
  for (;;) {
    const out = await db.query(input(q, start, esk, pageLimit));
    st.requests++;
    st.itemsRead += out.ScannedCount;
    if (out.ConsumedCapacity?.CapacityUnits !== undefined) st.capacity += out.ConsumedCapacity.CapacityUnits;
    for (const item of out.Items) {
      const z = keyZ(item);
      if (z < want) continue; // in a gap bigMin has already measured
      if (c.inBox(z, q.lo, q.hi)) {
        hits.push(item);
        continue;
      }
      const [next, ok] = c.bigMin(z, q.lo, q.hi);
      if (!ok) return { hits, stats: st }; // the curve never re-enters the box
      want = next;
    }
    if (!out.LastEvaluatedKey) return { hits, stats: st };
    const last = keyZ(out.LastEvaluatedKey);
    if (want > last) {
      start = want; // the gap runs past this page: jump over it
      esk = undefined;
    } else {
      esk = out.LastEvaluatedKey; // carry on where the page stopped
    }
  }
}

/** rangeScan is the plain alternative: read every item in [lo, hi] page by page and drop those outside the box on the client. */
export async function rangeScan(db: QueryAPIClient, c: Curve, q: Box, pageLimit: number): Promise<BoxResult> {
  const hits: Item[] = [];
  const st: Stats = { requests: 0, itemsRead: 0, capacity: 0 };
  let esk: Item | undefined;
  for (;;) {
    const out = await db.query(input(q, q.lo, esk, pageLimit));
    st.requests++;
    st.itemsRead += out.ScannedCount;
    st.capacity += out.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const item of out.Items) if (c.inBox(keyZ(item), q.lo, q.hi)) hits.push(item);
    if (!out.LastEvaluatedKey) return { hits, stats: st };
    esk = out.LastEvaluatedKey;
  }
}

/**
 * jumpOnFirstMiss is the loop the article used to print: on the first out-of-box item it drops
 * the rest of the page and queries again from bigMin. Kept only to measure what it cost.
 */
export async function jumpOnFirstMiss(db: QueryAPIClient, c: Curve, q: Box, pageLimit: number): Promise<BoxResult> {
  const hits: Item[] = [];
  const st: Stats = { requests: 0, itemsRead: 0, capacity: 0 };
  let start = q.lo;
  let esk: Item | undefined;
  for (;;) {
    const out = await db.query(input(q, start, esk, pageLimit));
    st.requests++;
    st.itemsRead += out.ScannedCount;
    st.capacity += out.ConsumedCapacity?.CapacityUnits ?? 0;
    let jumped = false;
    for (const item of out.Items) {
      const z = keyZ(item);
      if (c.inBox(z, q.lo, q.hi)) {
        hits.push(item);
        continue;
      }
      const [next, ok] = c.bigMin(z, q.lo, q.hi);
      if (!ok) return { hits, stats: st };
      start = next;
      esk = undefined;
      jumped = true;
      break;
    }
    if (jumped) continue;
    if (!out.LastEvaluatedKey) return { hits, stats: st };
    esk = out.LastEvaluatedKey;
  }
}
