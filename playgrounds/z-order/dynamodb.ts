/**
 * dynamodb.ts: the slice of the DynamoDB API that the Z-order code uses, and an in-memory
 * partition that answers it.
 *
 * The types mirror the AWS SDK for Go v2 (service/dynamodb v1.74.1 and its types package):
 * AttributeValue is one of S, N or B, as in DynamoDB's JSON wire format; QueryInput and
 * QueryOutput keep the SDK's field names; QueryAPIClient is the SDK's one-method interface.
 *
 * MemoryTable is a port of the fake in content/go/zorder/fake_test.go. It stands in for one
 * partition of a table whose sort key is Binary, and computes every answer from the rules of
 * the DynamoDB Developer Guide:
 * - Binary sort keys compare byte by byte, each byte unsigned ("Key conditions", legacy
 *   KeyConditions page), so items come back in that order.
 * - Limit caps the items evaluated for a page; separately a page stops before it passes 1 MB
 *   of data read ("Paginating table query results"). A full page carries a LastEvaluatedKey
 *   even when nothing is left; only its absence means the end.
 * - A Query is charged for the summed size of the items it reads, rounded up to 4 KB: one read
 *   unit per 4 KB strongly consistent, half eventually consistent, which is the default
 *   ("Read and write operations: capacity unit consumption"). An empty page is charged too; that
 *   it costs exactly one 4 KB unit is this model's assumption, as it is the Go fake's.
 * - Item size is the bytes of the attribute names plus the values: string and binary lengths,
 *   about one byte per two significant digits plus one for numbers ("Item sizes").
 * - PutItem with attribute_not_exists on an existing key fails with a
 *   ConditionalCheckFailedException; without a condition it replaces the item.
 * One change from the fake: ConsumedCapacity comes back only when ReturnConsumedCapacity asks
 * for it, as DynamoDB does.
 */

export type AttributeValue = { S: string } | { N: string } | { B: Uint8Array };
export type Item = Record<string, AttributeValue>;

export interface QueryInput {
  TableName?: string;
  KeyConditionExpression?: string;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ExclusiveStartKey?: Item;
  /** The most items to evaluate for this page (at least 1). Unset: pages stop at 1 MB only. */
  Limit?: number;
  /** Strongly consistent when true. Default false: eventually consistent, half the price. */
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: 'TOTAL' | 'INDEXES' | 'NONE';
}

export interface ConsumedCapacity {
  TableName?: string;
  CapacityUnits?: number;
}

export interface QueryOutput {
  Items: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

/** dynamodb.QueryAPIClient: what QueryBox needs from *dynamodb.Client. */
export interface QueryAPIClient {
  query(input: QueryInput): Promise<QueryOutput>;
}

export interface PutItemInput {
  TableName?: string;
  Item: Item;
  ConditionExpression?: string;
}

/** types.ConditionalCheckFailedException */
export class ConditionalCheckFailedException extends Error {
  constructor(message = 'The conditional request failed') {
    super(message);
    this.name = 'ConditionalCheckFailedException';
  }
}

/** DynamoDB's 1 MB page. */
export const PAGE_BYTES = 1 << 20;

/** bytes.Compare: -1, 0 or 1, comparing unsigned bytes, a prefix first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** slices.BinarySearchFunc: the index where target is or would be, and whether it is there. */
function search(keys: readonly Uint8Array[], target: Uint8Array): [number, boolean] {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid]!, target) < 0) lo = mid + 1;
    else hi = mid;
  }
  return [lo, lo < keys.length && compareBytes(keys[lo]!, target) === 0];
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * itemSize follows the Developer Guide's sizing rules for the attribute types stored here: name
 * bytes plus value bytes, numbers at about one byte per two significant digits plus one.
 */
export function itemSize(item: Item): number {
  let n = 0;
  for (const [name, v] of Object.entries(item)) {
    n += utf8Length(name);
    if ('S' in v) n += utf8Length(v.S);
    else if ('B' in v) n += v.B.length;
    else {
      let digits = 0;
      for (const ch of v.N) if (ch >= '0' && ch <= '9') digits++;
      n += Math.floor((digits + 1) / 2) + 1;
    }
  }
  return n;
}

/** Read capacity for one request that read size bytes. */
export function capacity(size: number, input: QueryInput): ConsumedCapacity {
  let units = Math.max(1, Math.ceil(size / 4096));
  if (!input.ConsistentRead) units /= 2;
  return { TableName: input.TableName, CapacityUnits: units };
}

/**
 * MemoryTable stands in for one partition (partitionAttr = source) of a table with a Binary sort
 * key sortAttr. Its only key condition is "<partition> = :s AND <sort> BETWEEN :lo AND :hi".
 */
export class MemoryTable implements QueryAPIClient {
  /** sorted sort keys, with their items and sizes */
  readonly keys: Uint8Array[] = [];
  readonly items: Item[] = [];
  readonly sizes: number[] = [];
  private readonly keyCondition: string;

  constructor(
    readonly source: string,
    readonly partitionAttr: string,
    readonly sortAttr: string,
  ) {
    this.keyCondition = `${partitionAttr} = :s AND ${sortAttr} BETWEEN :lo AND :hi`;
  }

  /** The item's sort key, or an error naming what is wrong. */
  private sortKeyOf(item: Item): Uint8Array {
    const pk = item[this.partitionAttr];
    if (!pk || !('S' in pk) || pk.S !== this.source) throw new Error('memory table: wrong partition');
    const sk = item[this.sortAttr];
    if (!sk || !('B' in sk)) throw new Error('memory table: no sort key');
    return sk.B;
  }

  async putItem(input: PutItemInput): Promise<Record<string, never>> {
    const key = this.sortKeyOf(input.Item);
    const [i, found] = search(this.keys, key);
    if (found) {
      if (input.ConditionExpression === `attribute_not_exists(${this.sortAttr})`) throw new ConditionalCheckFailedException();
      this.items[i] = input.Item; // an unconditional put replaces
      this.sizes[i] = itemSize(input.Item);
      return {};
    }
    this.keys.splice(i, 0, key);
    this.items.splice(i, 0, input.Item);
    this.sizes.splice(i, 0, itemSize(input.Item));
    return {};
  }

  /** Stores many items at once, with one sort instead of one putItem each. Every sort key must be new. */
  load(items: readonly Item[]): void {
    const rows = this.items.map((item, i) => ({ key: this.keys[i]!, item }));
    for (const item of items) rows.push({ key: this.sortKeyOf(item), item });
    rows.sort((a, b) => compareBytes(a.key, b.key));
    this.keys.length = this.items.length = this.sizes.length = 0;
    for (const [i, r] of rows.entries()) {
      if (i > 0 && compareBytes(r.key, rows[i - 1]!.key) === 0) throw new Error('memory table: duplicate sort key');
      this.keys.push(r.key);
      this.items.push(r.item);
      this.sizes.push(itemSize(r.item));
    }
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    if (input.KeyConditionExpression !== this.keyCondition) throw new Error(`memory table: unsupported key condition "${input.KeyConditionExpression ?? ''}"`);
    const v = input.ExpressionAttributeValues ?? {};
    const s = v[':s'];
    const lo = v[':lo'];
    const hi = v[':hi'];
    if (!s || !('S' in s) || !lo || !('B' in lo) || !hi || !('B' in hi)) throw new Error('memory table: missing expression values');
    let limit = Number.MAX_SAFE_INTEGER;
    if (input.Limit !== undefined) {
      if (!(input.Limit >= 1)) throw new Error('ValidationException: Limit must be at least 1');
      limit = input.Limit;
    }
    const wantCapacity = input.ReturnConsumedCapacity === 'TOTAL' || input.ReturnConsumedCapacity === 'INDEXES';
    const out: QueryOutput = { Items: [], Count: 0, ScannedCount: 0 };
    if (s.S !== this.source) {
      if (wantCapacity) out.ConsumedCapacity = capacity(0, input);
      return out;
    }
    let [i] = search(this.keys, lo.B);
    if (input.ExclusiveStartKey) {
      const esk = input.ExclusiveStartKey[this.sortAttr];
      if (!esk || !('B' in esk)) throw new Error('memory table: bad ExclusiveStartKey');
      const [j, found] = search(this.keys, esk.B);
      i = Math.max(i, found ? j + 1 : j);
    }
    let size = 0;
    for (; i < this.keys.length && compareBytes(this.keys[i]!, hi.B) <= 0; i++) {
      if (out.Items.length === limit || (out.Items.length > 0 && size + this.sizes[i]! > PAGE_BYTES)) break;
      out.Items.push(this.items[i]!);
      size += this.sizes[i]!;
    }
    const n = out.Items.length;
    if (n > 0 && (n === limit || (i < this.keys.length && compareBytes(this.keys[i]!, hi.B) <= 0))) {
      const last = out.Items[n - 1]!;
      out.LastEvaluatedKey = { [this.partitionAttr]: last[this.partitionAttr]!, [this.sortAttr]: last[this.sortAttr]! };
    }
    out.Count = n;
    out.ScannedCount = n;
    if (wantCapacity) out.ConsumedCapacity = capacity(size, input);
    return out;
  }
}
