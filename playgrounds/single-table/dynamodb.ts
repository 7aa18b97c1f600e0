/**
 * dynamodb.ts: an in-memory DynamoDB: tables with a partition key and an optional sort key,
 * global secondary indexes, GetItem, PutItem, TransactWriteItems and Query, with paging and
 * capacity computed as the DynamoDB Developer Guide describes them (December 2026). The names of
 * requests, responses, fields and errors are those of the API (and of the AWS SDK for Go v2,
 * service/dynamodb v1.74.1), so the code that calls it reads like code against the real service.
 *
 * Each rule below names the guide's page it comes from ("Guide: <page>"). What the guide does not
 * pin down, the model decides, and says so ("Model:").
 *
 * Scope: key attributes are strings (S); other attributes are strings or numbers. Conditions are
 * attribute_exists / attribute_not_exists joined by AND. No filter or projection expressions, no
 * UpdateItem, DeleteItem, Scan or BatchGetItem: the helpdesk's access patterns do not use them.
 */

export type AttributeValue = { S: string } | { N: string };
export type Item = Record<string, AttributeValue>;

export type KeyType = 'HASH' | 'RANGE';
export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}
export interface Projection {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
}
export interface GlobalSecondaryIndex {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: Projection;
}
export interface CreateTableInput {
  TableName: string;
  KeySchema: KeySchemaElement[];
  GlobalSecondaryIndexes?: GlobalSecondaryIndex[];
}

export type ReturnConsumedCapacity = 'TOTAL' | 'INDEXES' | 'NONE';
export interface Capacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}
export interface ConsumedCapacity extends Capacity {
  TableName?: string;
  Table?: Capacity;
  GlobalSecondaryIndexes?: Record<string, Capacity>;
}

export interface GetItemInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface GetItemOutput {
  Item?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

export interface PutItemInput {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface PutItemOutput {
  ConsumedCapacity?: ConsumedCapacity;
}

export interface Put {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
}
export interface TransactWriteItem {
  Put?: Put;
}
export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface TransactWriteItemsOutput {
  ConsumedCapacity?: ConsumedCapacity[];
}

export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
  /** true (the default): ascending sort-key order; false: descending. */
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: ReturnConsumedCapacity;
}
export interface QueryOutput {
  Items: Item[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Item;
  ConsumedCapacity?: ConsumedCapacity;
}

/** The calls the helpdesk's write and sign-in paths make (the article's API interface). */
export interface API {
  getItem(input: GetItemInput): Promise<GetItemOutput>;
  putItem(input: PutItemInput): Promise<PutItemOutput>;
  transactWriteItems(input: TransactWriteItemsInput): Promise<TransactWriteItemsOutput>;
}
/** dynamodb.QueryAPIClient */
export interface QueryAPIClient {
  query(input: QueryInput): Promise<QueryOutput>;
}
export type Client = API & QueryAPIClient;

// ── Errors (their names are the API's error codes) ──────────────────────────────

export class ValidationException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationException';
  }
}
export class ResourceNotFoundException extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceNotFoundException';
  }
}
export class ConditionalCheckFailedException extends Error {
  constructor(message = 'The conditional request failed') {
    super(message);
    this.name = 'ConditionalCheckFailedException';
  }
}
export interface CancellationReason {
  Code: string;
  Message?: string;
}
export class TransactionCanceledException extends Error {
  constructor(readonly CancellationReasons: CancellationReason[]) {
    super(`Transaction cancelled, please refer cancellation reasons for specific reasons [${CancellationReasons.map((r) => r.Code).join(', ')}]`);
    this.name = 'TransactionCanceledException';
  }
}

// ── Sizes and order ─────────────────────────────────────────────────────────────

/** Guide, "Query": one Query returns at most 1 MB of data read. */
export const PAGE_BYTES = 1 << 20;
/** Guide, "Service quotas": an item is at most 400 KB, attribute names and values together. */
export const MAX_ITEM_BYTES = 400 * 1024;

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Guide, "Item sizes and formats": a string is its name's UTF-8 bytes plus its value's; a number
 * is its name plus about one byte per two significant digits plus one.
 */
export function itemSize(item: Item): number {
  let n = 0;
  for (const [name, v] of Object.entries(item)) {
    n += utf8Length(name);
    if ('S' in v) n += utf8Length(v.S);
    else {
      const digits = v.N.replace(/^[-+]?0*(\.0*)?/, '').replace(/[^0-9]/g, '').replace(/0+$/, '').length;
      n += Math.floor((digits + 1) / 2) + 1;
    }
  }
  return n;
}

/**
 * Guide, "Supported data types" (String): strings are ordered by the bytes of their UTF-8
 * encoding, which is the order of their code points (not JavaScript's UTF-16 order).
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const c = p.value.codePointAt(0)!;
    const d = q.value.codePointAt(0)!;
    if (c !== d) return c < d ? -1 : 1;
  }
}

/** Read units for size bytes read: 4 KB units, at least one; half for an eventually consistent read. */
function readUnits(size: number, consistent: boolean): number {
  // Guide, "Read and write operations": reads are rounded up to 4 KB; one unit strongly
  // consistent, half a unit eventually consistent. A read of an item that does not exist, and a
  // Query that reads nothing, still consume the minimum.
  const units = Math.max(1, Math.ceil(size / 4096));
  return consistent ? units : units / 2;
}

/** Guide, "Read and write operations": writes are rounded up to 1 KB, one unit per KB, at least one. */
function writeUnits(size: number): number {
  return Math.max(1, Math.ceil(size / 1024));
}

// ── Expressions ─────────────────────────────────────────────────────────────────

type Token = { kind: 'name' | 'value' | 'word' | 'op' | 'punct'; text: string };

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_.]*)|(<=|>=|<>|=|<|>)|([(),]))/y;
  let at = 0;
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(expr);
    if (!m) throw new ValidationException(`Invalid expression: Syntax error; token: "${expr.slice(at).trim().split(/\s/)[0]}", near: "${expr}"`);
    at = re.lastIndex;
    if (m[1]) tokens.push({ kind: 'name', text: m[1] });
    else if (m[2]) tokens.push({ kind: 'value', text: m[2] });
    else if (m[3]) tokens.push({ kind: 'word', text: m[3] });
    else if (m[4]) tokens.push({ kind: 'op', text: m[4] });
    else tokens.push({ kind: 'punct', text: m[5]! });
  }
  return tokens;
}

/**
 * Placeholders in one request: Guide, "Expression attribute names" and "Expression attribute
 * values": every #name and :value used must be defined, and every one defined must be used.
 */
class Placeholders {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();
  constructor(
    private readonly names: Record<string, string> = {},
    private readonly values: Record<string, AttributeValue> = {},
  ) {}

  name(t: Token): string {
    if (t.kind === 'word') return t.text;
    const name = this.names[t.text];
    if (name === undefined) throw new ValidationException(`Value provided in ExpressionAttributeNames unused in expressions or undefined: An expression attribute name used in the document path is not defined; attribute name: ${t.text}`);
    this.usedNames.add(t.text);
    return name;
  }

  value(t: Token): AttributeValue {
    const v = this.values[t.text];
    if (v === undefined) throw new ValidationException(`Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${t.text}`);
    this.usedValues.add(t.text);
    return v;
  }

  checkAllUsed(): void {
    const names = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (names.length > 0) throw new ValidationException(`Value provided in ExpressionAttributeNames unused in expressions: keys: {${names.join(', ')}}`);
    const values = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (values.length > 0) throw new ValidationException(`Value provided in ExpressionAttributeValues unused in expressions: keys: {${values.join(', ')}}`);
  }
}

class Cursor {
  private i = 0;
  constructor(
    readonly tokens: Token[],
    readonly expr: string,
  ) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new ValidationException(`Invalid expression: Syntax error; token: <EOF>, near: "${this.expr}"`);
    return t;
  }
  expect(text: string): void {
    const t = this.next();
    if (t.text.toUpperCase() !== text.toUpperCase()) throw new ValidationException(`Invalid expression: Syntax error; token: "${t.text}", near: "${this.expr}"`);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  path(): Token {
    const t = this.next();
    if (t.kind !== 'name' && t.kind !== 'word') throw new ValidationException(`Invalid expression: Syntax error; token: "${t.text}", near: "${this.expr}"`);
    return t;
  }
}

export type SortCondition =
  | { op: '=' | '<' | '<=' | '>' | '>='; value: string }
  | { op: 'BETWEEN'; lo: string; hi: string }
  | { op: 'begins_with'; prefix: string };

interface KeyCondition {
  partition: string;
  sort?: SortCondition;
}

function stringOf(v: AttributeValue, attr: string): string {
  // Guide, "Key condition expressions": the values must have the key attribute's type.
  if (!('S' in v)) throw new ValidationException(`One or more parameter values were invalid: Condition parameter type does not match schema type for ${attr}`);
  return v.S;
}

/**
 * Guide, "Key condition expressions for the Query operation": an equality condition on the
 * partition key, and optionally one condition on the sort key: =, <, <=, >, >=,
 * BETWEEN a AND b (both included) or begins_with(sortKey, prefix), joined by AND.
 */
function parseKeyCondition(input: QueryInput, p: Placeholders, pkName: string, skName: string | undefined): KeyCondition {
  const c = new Cursor(tokenize(input.KeyConditionExpression), input.KeyConditionExpression);
  const terms: Array<{ attr: string; cond: SortCondition }> = [];
  for (;;) {
    const first = c.next();
    if (first.kind === 'word' && first.text === 'begins_with') {
      c.expect('(');
      const attr = p.name(c.path());
      c.expect(',');
      const prefix = stringOf(p.value(c.next()), attr);
      c.expect(')');
      terms.push({ attr, cond: { op: 'begins_with', prefix } });
    } else {
      if (first.kind !== 'name' && first.kind !== 'word') throw new ValidationException(`Invalid KeyConditionExpression: Syntax error; token: "${first.text}", near: "${c.expr}"`);
      const attr = p.name(first);
      const op = c.next();
      if (op.kind === 'word' && op.text.toUpperCase() === 'BETWEEN') {
        const lo = stringOf(p.value(c.next()), attr);
        c.expect('AND');
        const hi = stringOf(p.value(c.next()), attr);
        // Guide, "Key condition expressions": BETWEEN needs lower <= upper.
        if (compareStrings(lo, hi) > 0) throw new ValidationException(`Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:${lo}}, upper bound operand: AttributeValue: {S:${hi}}`);
        terms.push({ attr, cond: { op: 'BETWEEN', lo, hi } });
      } else if (op.kind === 'op' && op.text !== '<>') {
        terms.push({ attr, cond: { op: op.text as '=' | '<' | '<=' | '>' | '>=', value: stringOf(p.value(c.next()), attr) } });
      } else {
        throw new ValidationException(`Invalid KeyConditionExpression: Syntax error; token: "${op.text}", near: "${c.expr}"`);
      }
    }
    if (c.done()) break;
    c.expect('AND');
  }
  const onPartition = terms.filter((t) => t.attr === pkName);
  const onSort = terms.filter((t) => t.attr === skName);
  const other = terms.find((t) => t.attr !== pkName && t.attr !== skName);
  if (other) throw new ValidationException(`Query condition missed key schema element: ${other.attr} is not a key attribute`);
  if (onPartition.length !== 1) throw new ValidationException(`Query condition missed key schema element: ${pkName}`);
  if (onPartition[0]!.cond.op !== '=') throw new ValidationException('Query key condition not supported');
  if (onSort.length > 1) throw new ValidationException('KeyConditionExpressions must only contain one condition per key');
  return { partition: (onPartition[0]!.cond as { value: string }).value, sort: onSort[0]?.cond };
}

function matches(sk: string | undefined, cond: SortCondition | undefined): boolean {
  if (!cond) return true;
  if (sk === undefined) return false;
  switch (cond.op) {
    case '=':
      return sk === cond.value;
    case '<':
      return compareStrings(sk, cond.value) < 0;
    case '<=':
      return compareStrings(sk, cond.value) <= 0;
    case '>':
      return compareStrings(sk, cond.value) > 0;
    case '>=':
      return compareStrings(sk, cond.value) >= 0;
    case 'BETWEEN':
      return compareStrings(sk, cond.lo) >= 0 && compareStrings(sk, cond.hi) <= 0;
    case 'begins_with':
      return sk.startsWith(cond.prefix);
  }
}

/**
 * Guide, "Condition expressions": attribute_exists(path) and attribute_not_exists(path), joined
 * by AND, checked against the item that has the written item's primary key, if there is one.
 */
function conditionHolds(expr: string, p: Placeholders, existing: Item | undefined): boolean {
  const c = new Cursor(tokenize(expr), expr);
  let holds = true;
  for (;;) {
    const fn = c.next();
    if (fn.kind !== 'word' || (fn.text !== 'attribute_exists' && fn.text !== 'attribute_not_exists')) {
      throw new ValidationException(`Invalid ConditionExpression: this model supports attribute_exists and attribute_not_exists only; token: "${fn.text}"`);
    }
    c.expect('(');
    const attr = p.name(c.path());
    c.expect(')');
    const present = existing !== undefined && attr in existing;
    holds &&= fn.text === 'attribute_exists' ? present : !present;
    if (c.done()) return holds;
    c.expect('AND');
  }
}

// ── Tables and indexes ──────────────────────────────────────────────────────────

interface Row {
  pk: string;
  sk: string | undefined;
  item: Item;
}

interface IndexRow {
  pk: string;
  sk: string | undefined;
  /** the table's key of the item, to order entries with equal index keys and to page */
  tpk: string;
  tsk: string | undefined;
  entry: Item;
}

interface IndexState {
  name: string;
  pkName: string;
  skName: string | undefined;
  projection: Projection;
  partitions: Map<string, IndexRow[]>;
  /** writes not yet visible in the index, in the order they were made */
  pending: Array<{ at: number; apply: () => void }>;
}

interface TableState {
  name: string;
  pkName: string;
  skName: string | undefined;
  partitions: Map<string, Row[]>;
  indexes: Map<string, IndexState>;
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareStrings(a, b);
}

function compareIndexRows(a: { sk: string | undefined; tpk: string; tsk: string | undefined }, b: { sk: string | undefined; tpk: string; tsk: string | undefined }): number {
  return compareOptional(a.sk, b.sk) || compareStrings(a.tpk, b.tpk) || compareOptional(a.tsk, b.tsk);
}

/** Where key would go in rows sorted by cmp: the first index whose row is not below it. */
function lowerBound<T>(rows: readonly T[], key: T, cmp: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(rows[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keySchema(schema: KeySchemaElement[], what: string): [string, string | undefined] {
  const hash = schema.filter((k) => k.KeyType === 'HASH');
  const range = schema.filter((k) => k.KeyType === 'RANGE');
  if (hash.length !== 1 || range.length > 1 || schema.length !== hash.length + range.length) throw new ValidationException(`${what}: a key schema has one HASH key and at most one RANGE key`);
  return [hash[0]!.AttributeName, range[0]?.AttributeName];
}

export interface MemoryOptions {
  /** The model's clock, in milliseconds: index updates become visible indexLagMs after the write. */
  now?: () => number;
  /**
   * Guide, "Global secondary indexes": an index is updated asynchronously, so a write appears in
   * it after a short delay, typically a fraction of a second. Model: exactly this long.
   */
  indexLagMs?: number;
}

/** Capacity charged to each table, failed conditional writes included (what the bill sees). */
export interface Charged {
  read: number;
  write: number;
}

/**
 * MemoryDynamoDB is one account's tables in memory. Base-table reads always see the latest write
 * (Model: a real eventually consistent read usually does too, and may not; a strongly consistent
 * read always does, Guide "Read consistency"). Index reads see writes indexLagMs old.
 */
export class MemoryDynamoDB implements Client {
  private readonly tables = new Map<string, TableState>();
  private readonly now: () => number;
  private readonly lag: number;
  /** Capacity charged per table, including failed conditional writes, which return no ConsumedCapacity. */
  readonly charged = new Map<string, Charged>();

  constructor(options: MemoryOptions = {}) {
    this.now = options.now ?? (() => 0);
    this.lag = Math.max(0, options.indexLagMs ?? 0);
  }

  createTable(input: CreateTableInput): void {
    if (this.tables.has(input.TableName)) throw new ValidationException(`Table already exists: ${input.TableName}`);
    const [pkName, skName] = keySchema(input.KeySchema, input.TableName);
    const indexes = new Map<string, IndexState>();
    // Guide, "Service quotas": 20 global secondary indexes per table by default.
    if ((input.GlobalSecondaryIndexes?.length ?? 0) > 20) throw new ValidationException('A table can have at most 20 global secondary indexes');
    for (const gsi of input.GlobalSecondaryIndexes ?? []) {
      const [ipk, isk] = keySchema(gsi.KeySchema, gsi.IndexName);
      indexes.set(gsi.IndexName, { name: gsi.IndexName, pkName: ipk, skName: isk, projection: gsi.Projection, partitions: new Map(), pending: [] });
    }
    this.tables.set(input.TableName, { name: input.TableName, pkName, skName, partitions: new Map(), indexes });
  }

  private table(name: string): TableState {
    const t = this.tables.get(name);
    if (!t) throw new ResourceNotFoundException(`Requested resource not found: Table: ${name} not found`);
    return t;
  }

  private charge(table: string, read: number, write: number): void {
    const c = this.charged.get(table) ?? { read: 0, write: 0 };
    c.read += read;
    c.write += write;
    this.charged.set(table, c);
  }

  /** The primary key of key (or of an item), checked against the table's schema. */
  private keyOf(t: TableState, key: Item, exact: boolean): [string, string | undefined] {
    const part = key[t.pkName];
    const sort = t.skName === undefined ? undefined : key[t.skName];
    const extra = exact && Object.keys(key).length !== (t.skName === undefined ? 1 : 2);
    if (!part || (t.skName !== undefined && !sort) || extra) throw new ValidationException('The provided key element does not match the schema');
    // Guide, "Supported data types": key attributes of type String cannot be empty.
    const s = (v: AttributeValue, name: string): string => {
      const value = stringOf(v, name);
      if (value === '') throw new ValidationException(`One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${name}`);
      return value;
    };
    return [s(part, t.pkName), sort === undefined ? undefined : s(sort, t.skName!)];
  }

  private find(t: TableState, pk: string, sk: string | undefined): { rows: Row[]; at: number; found: boolean } {
    const rows = t.partitions.get(pk) ?? [];
    const at = lowerBound(rows, { pk, sk, item: {} }, (a, b) => compareOptional(a.sk, b.sk));
    return { rows, at, found: at < rows.length && compareOptional(rows[at]!.sk, sk) === 0 };
  }

  /** Applies the index writes that are old enough to be visible now. */
  private catchUp(ix: IndexState): void {
    const now = this.now();
    while (ix.pending.length > 0 && ix.pending[0]!.at <= now) ix.pending.shift()!.apply();
  }

  /** The index entry of item: its key attributes and its projection; undefined if it lacks an index key (a sparse index). */
  private entryOf(t: TableState, ix: IndexState, item: Item): Item | undefined {
    // Guide, "Global secondary indexes": an item appears in an index only if it has the index's key attributes.
    if (!item[ix.pkName] || (ix.skName !== undefined && !item[ix.skName])) return undefined;
    if (ix.projection.ProjectionType === 'ALL') return { ...item };
    // Guide, "Projections": the table's and the index's keys are always projected.
    const keep = new Set([t.pkName, ix.pkName, ...(t.skName ? [t.skName] : []), ...(ix.skName ? [ix.skName] : []), ...(ix.projection.ProjectionType === 'INCLUDE' ? (ix.projection.NonKeyAttributes ?? []) : [])]);
    return Object.fromEntries(Object.entries(item).filter(([name]) => keep.has(name)));
  }

  /**
   * Writes item (or removes the item with key [pk, sk] when item is undefined) and queues the index
   * updates. Returns the write units: [table, {index: units}].
   */
  private write(t: TableState, pk: string, sk: string | undefined, item: Item | undefined, old: Item | undefined): [number, Record<string, number>] {
    const { rows, at, found } = this.find(t, pk, sk);
    if (item) {
      if (found) rows[at] = { pk, sk, item };
      else rows.splice(at, 0, { pk, sk, item });
      t.partitions.set(pk, rows);
    } else if (found) {
      rows.splice(at, 1);
    }
    // Guide, "Read and write operations": a put is charged for the larger of the old and the new item.
    const tableUnits = writeUnits(Math.max(old ? itemSize(old) : 0, item ? itemSize(item) : 0));
    const indexUnits: Record<string, number> = {};
    for (const ix of t.indexes.values()) {
      const before = old && this.entryOf(t, ix, old);
      const after = item && this.entryOf(t, ix, item);
      // Guide, "Provisioned throughput considerations for global secondary indexes" (writes):
      // adding an entry is one index write, removing one is one, changing an index key is two
      // (a delete and a put), updating an entry in place is one; no entry before or after, none.
      let units = 0;
      if (before && after) {
        const moved = compareOptional(stringOfKey(before, ix.pkName), stringOfKey(after, ix.pkName)) !== 0 || compareOptional(stringOfKey(before, ix.skName), stringOfKey(after, ix.skName)) !== 0;
        units = moved ? writeUnits(itemSize(before)) + writeUnits(itemSize(after)) : writeUnits(itemSize(after));
      } else if (before) units = writeUnits(itemSize(before));
      else if (after) units = writeUnits(itemSize(after));
      if (units > 0) indexUnits[ix.name] = units;
      if (!before && !after) continue;
      ix.pending.push({
        at: this.now() + this.lag,
        apply: () => {
          if (before) {
            const key = { sk: stringOfKey(before, ix.skName), tpk: pk, tsk: sk };
            const list = ix.partitions.get(stringOfKey(before, ix.pkName)!) ?? [];
            const i = lowerBound(list, { ...key, pk: '', entry: {} }, compareIndexRows);
            if (i < list.length && compareIndexRows(list[i]!, key) === 0) list.splice(i, 1);
          }
          if (after) {
            const ipk = stringOfKey(after, ix.pkName)!;
            const list = ix.partitions.get(ipk) ?? [];
            const row: IndexRow = { pk: ipk, sk: stringOfKey(after, ix.skName), tpk: pk, tsk: sk, entry: after };
            list.splice(lowerBound(list, row, compareIndexRows), 0, row);
            ix.partitions.set(ipk, list);
          }
        },
      });
      this.catchUp(ix);
    }
    return [tableUnits, indexUnits];
  }

  private checkItem(t: TableState, item: Item): [string, string | undefined] {
    const key = this.keyOf(t, item, false);
    if (itemSize(item) > MAX_ITEM_BYTES) throw new ValidationException('Item size has exceeded the maximum allowed size');
    for (const ix of t.indexes.values()) {
      for (const name of [ix.pkName, ix.skName]) {
        const v = name === undefined ? undefined : item[name];
        // Guide, "Global secondary indexes": index key values must have the index key's type and not be empty.
        if (v && (!('S' in v) || v.S === '')) throw new ValidationException(`One or more parameter values were invalid: Type mismatch or empty value for Index Key ${name} Actual: ${JSON.stringify(v)} IndexName: ${ix.name}`);
      }
    }
    return key;
  }

  async getItem(input: GetItemInput): Promise<GetItemOutput> {
    const t = this.table(input.TableName);
    const [pk, sk] = this.keyOf(t, input.Key, true);
    const { rows, at, found } = this.find(t, pk, sk);
    const item = found ? rows[at]!.item : undefined;
    const units = readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true);
    this.charge(t.name, units, 0);
    const out: GetItemOutput = {};
    if (item) out.Item = { ...item };
    const cc = capacity(input.ReturnConsumedCapacity, t.name, units, 'read');
    if (cc) out.ConsumedCapacity = cc;
    return out;
  }

  async putItem(input: PutItemInput): Promise<PutItemOutput> {
    const t = this.table(input.TableName);
    const [pk, sk] = this.checkItem(t, input.Item);
    const { rows, at, found } = this.find(t, pk, sk);
    const old = found ? rows[at]!.item : undefined;
    if (input.ConditionExpression !== undefined) {
      const p = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
      const holds = conditionHolds(input.ConditionExpression, p, old);
      p.checkAllUsed();
      if (!holds) {
        // Guide, "Condition expressions": a failed condition still consumes write capacity: the
        // size of the existing item, at least one unit.
        this.charge(t.name, 0, writeUnits(old ? itemSize(old) : 0));
        throw new ConditionalCheckFailedException();
      }
    }
    const [tableUnits, indexUnits] = this.write(t, pk, sk, { ...input.Item }, old);
    const total = tableUnits + Object.values(indexUnits).reduce((a, b) => a + b, 0);
    this.charge(t.name, 0, total);
    const out: PutItemOutput = {};
    const cc = capacity(input.ReturnConsumedCapacity, t.name, total, 'write', tableUnits, indexUnits);
    if (cc) out.ConsumedCapacity = cc;
    return out;
  }

  async transactWriteItems(input: TransactWriteItemsInput): Promise<TransactWriteItemsOutput> {
    // Guide, "Amazon DynamoDB Transactions: How it works": up to 100 actions on distinct items,
    // all applied or none; a failed condition cancels the whole transaction.
    const n = input.TransactItems.length;
    if (n < 1 || n > 100) throw new ValidationException('1 validation error detected: Value at \'transactItems\' failed to satisfy constraint: Member must have length between 1 and 100');
    const plans = input.TransactItems.map((action) => {
      if (!action.Put) throw new ValidationException('This model supports Put actions in TransactWriteItems only');
      const t = this.table(action.Put.TableName);
      const [pk, sk] = this.checkItem(t, action.Put.Item);
      return { put: action.Put, t, pk, sk, id: JSON.stringify([t.name, pk, sk ?? null]) };
    });
    if (new Set(plans.map((p) => p.id)).size !== plans.length) throw new ValidationException('Transaction request cannot include multiple operations on one item');
    const reasons: CancellationReason[] = plans.map(({ put, t, pk, sk }) => {
      if (put.ConditionExpression === undefined) return { Code: 'None' };
      const { rows, at, found } = this.find(t, pk, sk);
      const p = new Placeholders(put.ExpressionAttributeNames, put.ExpressionAttributeValues);
      const holds = conditionHolds(put.ConditionExpression, p, found ? rows[at]!.item : undefined);
      p.checkAllUsed();
      return holds ? { Code: 'None' } : { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' };
    });
    // Model: the guide does not say what a cancelled transaction is charged; this model charges nothing.
    if (reasons.some((r) => r.Code !== 'None')) throw new TransactionCanceledException(reasons);
    const perTable = new Map<string, { total: number; table: number; indexes: Record<string, number> }>();
    for (const { put, t, pk, sk } of plans) {
      const { rows, at, found } = this.find(t, pk, sk);
      const [tableUnits, indexUnits] = this.write(t, pk, sk, { ...put.Item }, found ? rows[at]!.item : undefined);
      // Guide, "Capacity management for transactions": each item in a transactional write costs two
      // writes, one to prepare and one to commit. Model: index writes are charged as for PutItem.
      const acc = perTable.get(t.name) ?? { total: 0, table: 0, indexes: {} };
      acc.table += 2 * tableUnits;
      acc.total += 2 * tableUnits;
      for (const [name, u] of Object.entries(indexUnits)) {
        acc.indexes[name] = (acc.indexes[name] ?? 0) + u;
        acc.total += u;
      }
      perTable.set(t.name, acc);
    }
    const consumed: ConsumedCapacity[] = [];
    for (const [name, acc] of perTable) {
      this.charge(name, 0, acc.total);
      const cc = capacity(input.ReturnConsumedCapacity, name, acc.total, 'write', acc.table, acc.indexes);
      if (cc) consumed.push(cc);
    }
    return consumed.length > 0 ? { ConsumedCapacity: consumed } : {};
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const t = this.table(input.TableName);
    const ix = input.IndexName === undefined ? undefined : t.indexes.get(input.IndexName);
    if (input.IndexName !== undefined && !ix) throw new ValidationException(`The table does not have the specified index: ${input.IndexName}`);
    // Guide, "Global secondary indexes": index queries are eventually consistent only.
    if (ix && input.ConsistentRead) throw new ValidationException('Consistent reads are not supported on global secondary indexes');
    // Guide, "Query" (Limit): the maximum number of items to evaluate, at least 1.
    if (input.Limit !== undefined && !(Number.isInteger(input.Limit) && input.Limit >= 1)) throw new ValidationException('1 validation error detected: Value at \'limit\' failed to satisfy constraint: Member must have value greater than or equal to 1');
    const p = new Placeholders(input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const cond = parseKeyCondition(input, p, ix ? ix.pkName : t.pkName, ix ? ix.skName : t.skName);
    p.checkAllUsed();
    if (ix) this.catchUp(ix);

    // The partition's rows in sort-key order, with a comparable key each.
    type Entry = { key: { sk: string | undefined; tpk: string; tsk: string | undefined }; item: Item; pk: string };
    const all: Entry[] = ix
      ? (ix.partitions.get(cond.partition) ?? []).map((r) => ({ key: { sk: r.sk, tpk: r.tpk, tsk: r.tsk }, item: r.entry, pk: r.pk }))
      : (t.partitions.get(cond.partition) ?? []).map((r) => ({ key: { sk: r.sk, tpk: r.pk, tsk: undefined }, item: r.item, pk: r.pk }));
    const skName = ix ? ix.skName : t.skName;
    let rows = all.filter((e) => matches(e.key.sk, cond.sort));
    // Guide, "Query": results come in sort-key order, ascending unless ScanIndexForward is false.
    const forward = input.ScanIndexForward !== false;
    if (!forward) rows = rows.reverse();
    if (input.ExclusiveStartKey) {
      const esk = input.ExclusiveStartKey;
      const sv = (name: string | undefined): string | undefined => (name === undefined ? undefined : esk[name] && 'S' in esk[name]! ? (esk[name] as { S: string }).S : undefined);
      const start = ix ? { sk: sv(ix.skName), tpk: sv(t.pkName) ?? '', tsk: sv(t.skName) } : { sk: sv(t.skName), tpk: sv(t.pkName) ?? '', tsk: undefined };
      if (sv(ix ? ix.pkName : t.pkName) !== cond.partition) throw new ValidationException('The provided starting key is invalid: The provided key element does not match the schema');
      // Guide, "Paginating table query results": the next page starts right after ExclusiveStartKey.
      rows = rows.filter((e) => (forward ? compareIndexRows(e.key, start) > 0 : compareIndexRows(e.key, start) < 0));
    }
    const limit = input.Limit ?? Number.MAX_SAFE_INTEGER;
    const items: Item[] = [];
    let size = 0;
    let i = 0;
    for (; i < rows.length; i++) {
      const s = itemSize(rows[i]!.item);
      // Guide, "Query": a page holds at most 1 MB of data read (Model: always at least one item).
      if (items.length === limit || (items.length > 0 && size + s > PAGE_BYTES)) break;
      items.push({ ...rows[i]!.item });
      size += s;
    }
    const out: QueryOutput = { Items: items, Count: items.length, ScannedCount: items.length };
    // Guide, "Paginating table query results": a page that stops at Limit or at 1 MB carries a
    // LastEvaluatedKey, even when nothing is left; only its absence means the end.
    if (items.length > 0 && (items.length === limit || i < rows.length)) {
      const last = items[items.length - 1]!;
      const names = [t.pkName, t.skName, ix?.pkName, skName].filter((n): n is string => n !== undefined);
      out.LastEvaluatedKey = Object.fromEntries([...new Set(names)].map((n) => [n, last[n]!]));
    }
    // Guide, "Query" and "Provisioned throughput considerations for global secondary indexes":
    // the sizes of the items read (for an index, of the projected entries) are summed and rounded
    // up to 4 KB once per request; a Query that reads nothing still costs the minimum.
    const units = readUnits(size, input.ConsistentRead === true);
    this.charge(t.name, units, 0);
    const cc = capacity(input.ReturnConsumedCapacity, t.name, units, 'read', ix ? 0 : units, ix ? { [ix.name]: units } : {});
    if (cc) out.ConsumedCapacity = cc;
    return out;
  }

  /** For printing: a table's item collections, partitions in the order given, items in sort-key order. */
  collection(tableName: string, pk: string): Item[] {
    return (this.table(tableName).partitions.get(pk) ?? []).map((r) => r.item);
  }

  /** For printing: an index's item collection, as an index query would see it now. */
  indexCollection(tableName: string, indexName: string, pk: string): Item[] {
    const ix = this.table(tableName).indexes.get(indexName);
    if (!ix) throw new ValidationException(`The table does not have the specified index: ${indexName}`);
    this.catchUp(ix);
    return (ix.partitions.get(pk) ?? []).map((r) => r.entry);
  }

  /** Every item of a table, and every entry of each of its indexes (written ones, visible or not). */
  counts(tableName: string): { items: number; indexes: Record<string, number> } {
    const t = this.table(tableName);
    let items = 0;
    for (const rows of t.partitions.values()) items += rows.length;
    const indexes: Record<string, number> = {};
    for (const ix of t.indexes.values()) {
      this.catchUp(ix);
      let n = 0;
      for (const rows of ix.partitions.values()) n += rows.length;
      indexes[ix.name] = n;
    }
    return { items, indexes };
  }
}

function stringOfKey(item: Item, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const v = item[name];
  return v && 'S' in v ? v.S : undefined;
}

/** The ConsumedCapacity a response carries: Guide, "ReturnConsumedCapacity": TOTAL, or INDEXES with the breakdown. */
function capacity(mode: ReturnConsumedCapacity | undefined, table: string, total: number, kind: 'read' | 'write', tableUnits = total, indexUnits: Record<string, number> = {}): ConsumedCapacity | undefined {
  if (mode !== 'TOTAL' && mode !== 'INDEXES') return undefined;
  const cc: ConsumedCapacity = { TableName: table, CapacityUnits: total };
  if (kind === 'read') cc.ReadCapacityUnits = total;
  else cc.WriteCapacityUnits = total;
  if (mode === 'INDEXES') {
    cc.Table = { CapacityUnits: tableUnits };
    if (Object.keys(indexUnits).length > 0) cc.GlobalSecondaryIndexes = Object.fromEntries(Object.entries(indexUnits).map(([n, u]) => [n, { CapacityUnits: u }]));
  }
  return cc;
}
