/**
 * The single-table playground: its in-memory DynamoDB (dynamodb.ts), rule by rule against the
 * Developer Guide, and the article's helpdesk code (helpdesk.ts) on top of it, including the
 * failures the article's corrections are about.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConditionalCheckFailedException,
  MemoryDynamoDB,
  ResourceNotFoundException,
  TransactionCanceledException,
  ValidationException,
  compareStrings,
  itemSize,
  type Item,
  type QueryInput,
} from '../../../playgrounds/single-table/dynamodb';
import * as one from '../../../playgrounds/single-table/helpdesk';
import * as many from '../../../playgrounds/single-table/multitable';
import { manualClock } from './helpers';

const S = (v: string) => ({ S: v });

/** A table T (PK, SK) with index GSI1 (GSI1PK, GSI1SK, ALL) and index KEYS (GSI1PK only, KEYS_ONLY). */
function setup(lag = 0) {
  const clock = manualClock();
  const db = new MemoryDynamoDB({ now: clock.now, indexLagMs: lag });
  db.createTable({
    TableName: 'T',
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'GSI1',
        KeySchema: [
          { AttributeName: 'GSI1PK', KeyType: 'HASH' },
          { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      { IndexName: 'KEYS', KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } },
    ],
  });
  return { db, clock };
}

const put = (db: MemoryDynamoDB, item: Item, condition?: string) => db.putItem({ TableName: 'T', Item: item, ConditionExpression: condition, ReturnConsumedCapacity: 'INDEXES' });
const q = (db: MemoryDynamoDB, input: Partial<QueryInput> & { KeyConditionExpression: string }) => db.query({ TableName: 'T', ReturnConsumedCapacity: 'INDEXES', ...input });
const sks = (items: Item[]): string[] => items.map((i) => (i.SK as { S: string }).S);

async function partition(db: MemoryDynamoDB, pk: string, sortKeys: string[], extra: Item = {}): Promise<void> {
  for (const sk of sortKeys) await put(db, { PK: S(pk), SK: S(sk), ...extra });
}

describe('single-table model: items, keys and GetItem', () => {
  it('sizes items as the guide does: UTF-8 bytes of names and string values, numbers by significant digits', () => {
    assert.equal(itemSize({ PK: S('ORG#acme') }), 2 + 8);
    assert.equal(itemSize({ né: S('é') }), 3 + 2);
    assert.equal(itemSize({ n: { N: '12345' } }), 1 + 3 + 1);
    assert.equal(itemSize({ n: { N: '-0.00120' } }), 1 + 1 + 1, 'leading and trailing zeros do not count');
  });

  it('orders strings by UTF-8 bytes (code points), not by UTF-16 units', () => {
    assert.ok(compareStrings('CASE#', 'PROFILE') < 0);
    assert.ok(compareStrings('AGENT#dana', 'PROFILE') < 0);
    assert.ok(compareStrings('\uffff', '\u{10000}') < 0, 'U+FFFF sorts before U+10000 in UTF-8');
    assert.ok('\uffff' > '\u{10000}', 'while JavaScript compares UTF-16 units the other way');
    assert.ok(compareStrings('MSG#', 'MSG#2025') < 0, 'a prefix sorts first');
  });

  it('GetItem needs exactly the key; a missing item still costs the minimum; 4 KB units, half when eventually consistent', async () => {
    const { db } = setup();
    await assert.rejects(db.getItem({ TableName: 'T', Key: { PK: S('a') } }), ValidationException);
    await assert.rejects(db.getItem({ TableName: 'T', Key: { PK: S('a'), SK: S('b'), x: S('c') } }), ValidationException);
    await assert.rejects(db.getItem({ TableName: 'nope', Key: { PK: S('a'), SK: S('b') } }), ResourceNotFoundException);
    const missing = await db.getItem({ TableName: 'T', Key: { PK: S('a'), SK: S('b') }, ReturnConsumedCapacity: 'TOTAL' });
    assert.equal(missing.Item, undefined);
    assert.equal(missing.ConsumedCapacity?.CapacityUnits, 0.5);
    await put(db, { PK: S('a'), SK: S('b'), blob: S('x'.repeat(5000)) });
    const strong = await db.getItem({ TableName: 'T', Key: { PK: S('a'), SK: S('b') }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
    assert.equal(strong.ConsumedCapacity?.CapacityUnits, 2, 'about 5 KB rounds up to 8 KB: 2 units');
    assert.equal((await db.getItem({ TableName: 'T', Key: { PK: S('a'), SK: S('b') } })).ConsumedCapacity, undefined, 'reported only when asked for');
  });

  it('refuses empty key strings, non-string keys and items over 400 KB', async () => {
    const { db } = setup();
    await assert.rejects(put(db, { PK: S(''), SK: S('b') }), /empty string/);
    await assert.rejects(put(db, { PK: { N: '1' }, SK: S('b') }), ValidationException);
    await assert.rejects(put(db, { PK: S('a'), SK: S('b'), big: S('x'.repeat(400 * 1024)) }), /maximum allowed size/);
    await assert.rejects(put(db, { PK: S('a'), SK: S('b'), GSI1PK: S('') }), /Index Key GSI1PK/);
  });
});

describe('single-table model: PutItem, conditions and index writes', () => {
  it('replaces an item without a condition and reports success; attribute_not_exists(PK) refuses, and is still charged', async () => {
    const { db } = setup();
    await put(db, { PK: S('CASE#1'), SK: S('MSG#10:04'), body: S('first') });
    await put(db, { PK: S('CASE#1'), SK: S('MSG#10:04'), body: S('second') });
    assert.deepEqual(db.collection('T', 'CASE#1').map((i) => i.body), [S('second')], 'the first message is gone');
    const before = db.charged.get('T')!.write;
    await assert.rejects(put(db, { PK: S('CASE#1'), SK: S('MSG#10:04'), body: S('third') }, 'attribute_not_exists(PK)'), ConditionalCheckFailedException);
    assert.equal(db.charged.get('T')!.write - before, 1, 'a failed condition consumes write capacity');
    assert.deepEqual(db.collection('T', 'CASE#1').map((i) => i.body), [S('second')]);
    await put(db, { PK: S('CASE#1'), SK: S('MSG#10:05') }, 'attribute_not_exists(PK) AND attribute_not_exists(SK)');
  });

  it('checks expression placeholders: defined and used', async () => {
    const { db } = setup();
    await assert.rejects(put(db, { PK: S('a'), SK: S('b') }, 'attribute_not_exists(#pk)'), /attribute name used in the document path is not defined/);
    await assert.rejects(db.putItem({ TableName: 'T', Item: { PK: S('a'), SK: S('b') }, ConditionExpression: 'attribute_not_exists(PK)', ExpressionAttributeNames: { '#x': 'x' } }), /unused in expressions/);
    await db.putItem({ TableName: 'T', Item: { PK: S('a'), SK: S('b') }, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'PK' } });
    await assert.rejects(db.putItem({ TableName: 'T', Item: { PK: S('a'), SK: S('b') }, ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': 'PK' } }), ConditionalCheckFailedException);
  });

  it('charges writes in 1 KB units of the larger of the old and new item, plus one index write per entry added, two per index key changed', async () => {
    const { db } = setup();
    const first = await put(db, { PK: S('a'), SK: S('b'), pad: S('x'.repeat(1500)) });
    assert.deepEqual([first.ConsumedCapacity?.Table?.CapacityUnits, first.ConsumedCapacity?.GlobalSecondaryIndexes], [2, undefined], 'no index keys: no index writes');
    const shrink = await put(db, { PK: S('a'), SK: S('b') });
    assert.equal(shrink.ConsumedCapacity?.Table?.CapacityUnits, 2, 'the larger of old and new');
    const added = await put(db, { PK: S('a'), SK: S('b'), GSI1PK: S('ORG#x'), GSI1SK: S('CASE#1') });
    assert.deepEqual(added.ConsumedCapacity?.GlobalSecondaryIndexes, { GSI1: { CapacityUnits: 1 }, KEYS: { CapacityUnits: 1 } });
    assert.equal(added.ConsumedCapacity?.CapacityUnits, 3);
    const moved = await put(db, { PK: S('a'), SK: S('b'), GSI1PK: S('ORG#x'), GSI1SK: S('CASE#2') });
    assert.deepEqual(moved.ConsumedCapacity?.GlobalSecondaryIndexes, { GSI1: { CapacityUnits: 2 }, KEYS: { CapacityUnits: 1 } }, 'GSI1 key changed: delete and put; KEYS updated in place');
    const removed = await put(db, { PK: S('a'), SK: S('b') });
    assert.deepEqual(removed.ConsumedCapacity?.GlobalSecondaryIndexes, { GSI1: { CapacityUnits: 1 }, KEYS: { CapacityUnits: 1 } }, 'removing an entry is one write');
    assert.deepEqual(db.counts('T').indexes, { GSI1: 0, KEYS: 0 });
  });
});

describe('single-table model: Query', () => {
  it('supports =, <, <=, >, >=, BETWEEN (both ends included) and begins_with on the sort key', async () => {
    const { db } = setup();
    await partition(db, 'P', ['A', 'B', 'C', 'D', 'DA', 'E']);
    const run = async (cond: string, values: Record<string, string>) =>
      sks((await q(db, { KeyConditionExpression: `PK = :p${cond}`, ExpressionAttributeValues: { ':p': S('P'), ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, S(v)])) } })).Items);
    assert.deepEqual(await run('', {}), ['A', 'B', 'C', 'D', 'DA', 'E']);
    assert.deepEqual(await run(' AND SK = :v', { ':v': 'C' }), ['C']);
    assert.deepEqual(await run(' AND SK < :v', { ':v': 'C' }), ['A', 'B']);
    assert.deepEqual(await run(' AND SK <= :v', { ':v': 'C' }), ['A', 'B', 'C']);
    assert.deepEqual(await run(' AND SK > :v', { ':v': 'D' }), ['DA', 'E']);
    assert.deepEqual(await run(' AND SK >= :v', { ':v': 'D' }), ['D', 'DA', 'E']);
    assert.deepEqual(await run(' AND SK BETWEEN :a AND :b', { ':a': 'B', ':b': 'D' }), ['B', 'C', 'D']);
    assert.deepEqual(await run(' AND begins_with(SK, :v)', { ':v': 'D' }), ['D', 'DA']);
    assert.deepEqual(sks((await q(db, { KeyConditionExpression: 'SK BETWEEN :a AND :b AND #pk = :p', ExpressionAttributeNames: { '#pk': 'PK' }, ExpressionAttributeValues: { ':p': S('P'), ':a': S('A'), ':b': S('B') } })).Items), ['A', 'B'], 'either order, with a name placeholder');
  });

  it('refuses what the guide refuses in a key condition', async () => {
    const { db } = setup();
    const bad = (expr: string, values: Record<string, string>, re: RegExp) => assert.rejects(q(db, { KeyConditionExpression: expr, ExpressionAttributeValues: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, S(v)])) }), re);
    await bad('PK = :p AND SK BETWEEN :a AND :b', { ':p': 'P', ':a': 'PROFILE', ':b': 'CASE#' }, /BETWEEN operator requires upper bound to be greater than or equal to lower bound/);
    await bad('SK = :v', { ':v': 'x' }, /missed key schema element: PK/);
    await bad('PK > :p', { ':p': 'x' }, /Query key condition not supported/);
    await bad('PK = :p AND body = :v', { ':p': 'P', ':v': 'x' }, /not a key attribute/);
    await bad('PK = :p AND SK > :a AND SK < :b', { ':p': 'P', ':a': 'a', ':b': 'b' }, /one condition per key/);
    await bad('PK = :p AND SK = :q', { ':p': 'P' }, /attribute value used in expression is not defined/);
    await bad('PK = :p', { ':p': 'P', ':extra': 'x' }, /ExpressionAttributeValues unused in expressions: keys: \{:extra\}/);
    await bad('PK = :p AND', { ':p': 'P' }, /Syntax error/);
    await assert.rejects(q(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') }, Limit: 0 }), /greater than or equal to 1/);
  });

  it('reads descending with ScanIndexForward false; a full page carries a LastEvaluatedKey, and the next page starts after it', async () => {
    const { db } = setup();
    await partition(db, 'P', ['A', 'B', 'C', 'D', 'E']);
    const page = (start?: Item) => q(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') }, ScanIndexForward: false, Limit: 2, ExclusiveStartKey: start });
    const p1 = await page();
    assert.deepEqual(sks(p1.Items), ['E', 'D']);
    assert.deepEqual(p1.LastEvaluatedKey, { PK: S('P'), SK: S('D') });
    const p2 = await page(p1.LastEvaluatedKey);
    assert.deepEqual(sks(p2.Items), ['C', 'B']);
    const p3 = await page(p2.LastEvaluatedKey);
    assert.deepEqual(sks(p3.Items), ['A']);
    assert.equal(p3.LastEvaluatedKey, undefined, 'fewer than Limit and nothing left');
    const exact = await q(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') }, Limit: 5 });
    assert.ok(exact.LastEvaluatedKey, 'Limit reached: a LastEvaluatedKey even though nothing is left');
    const after = await q(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') }, ExclusiveStartKey: exact.LastEvaluatedKey });
    assert.equal(after.Count, 0);
    assert.equal(after.ConsumedCapacity?.CapacityUnits, 0.5, 'an empty page still costs the minimum');
  });

  it('stops a page before 1 MB, and rounds the page\'s summed sizes up to 4 KB once', async () => {
    const { db } = setup();
    await partition(db, 'P', ['A', 'B', 'C', 'D'], { pad: S('x'.repeat(300 * 1024)) });
    const out = await q(db, { KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') } });
    assert.equal(out.Count, 3, 'three items of 300 KB fit in 1 MB, four do not');
    assert.ok(out.LastEvaluatedKey);
    const size = db.collection('T', 'P').slice(0, 3).reduce((n, item) => n + itemSize(item), 0);
    assert.equal(out.ConsumedCapacity?.CapacityUnits, Math.ceil(size / 4096) / 2);
    const small = setup().db;
    await partition(small, 'P', ['A', 'B', 'C']);
    const three = await small.query({ TableName: 'T', KeyConditionExpression: 'PK = :p', ExpressionAttributeValues: { ':p': S('P') }, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' });
    assert.equal(three.ConsumedCapacity?.CapacityUnits, 1, 'three small items are one 4 KB unit together, not three');
  });

  it('indexes are sparse, project what they are told, refuse consistent reads, and page with the table key', async () => {
    const { db } = setup();
    await put(db, { PK: S('ORG#a'), SK: S('PROFILE'), name: S('A'), GSI1PK: S('ORG#a'), GSI1SK: S('PROFILE') });
    await put(db, { PK: S('ORG#a'), SK: S('AGENT#x') });
    for (const id of ['1', '2', '3']) await put(db, { PK: S(`CASE#${id}`), SK: S('CASE'), subject: S('s'), GSI1PK: S('ORG#a'), GSI1SK: S('CASE#same-time') });
    assert.deepEqual(db.counts('T'), { items: 5, indexes: { GSI1: 4, KEYS: 4 } });
    const keysOnly = await q(db, { IndexName: 'KEYS', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': S('ORG#a') } });
    assert.deepEqual(Object.keys(keysOnly.Items[0]!).sort(), ['GSI1PK', 'PK', 'SK']);
    await assert.rejects(q(db, { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': S('ORG#a') }, ConsistentRead: true }), /Consistent reads are not supported on global secondary indexes/);
    await assert.rejects(q(db, { IndexName: 'GSI9', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': S('ORG#a') } }), /does not have the specified index/);
    // Entries with equal index keys: paging one at a time returns each exactly once.
    const seen: string[] = [];
    let start: Item | undefined;
    do {
      const out = await q(db, { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p AND begins_with(GSI1SK, :c)', ExpressionAttributeValues: { ':p': S('ORG#a'), ':c': S('CASE#') }, Limit: 1, ExclusiveStartKey: start });
      seen.push(...out.Items.map((i) => (i.PK as { S: string }).S));
      if (out.LastEvaluatedKey) assert.deepEqual(Object.keys(out.LastEvaluatedKey).sort(), ['GSI1PK', 'GSI1SK', 'PK', 'SK']);
      start = out.LastEvaluatedKey;
    } while (start);
    assert.deepEqual(seen, ['CASE#1', 'CASE#2', 'CASE#3']);
  });

  it('shows an index write only after the index lag; the table shows it at once', async () => {
    const { db, clock } = setup(100);
    await put(db, { PK: S('CASE#1'), SK: S('CASE'), GSI1PK: S('ORG#a'), GSI1SK: S('CASE#1') });
    const index = () => q(db, { IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :p', ExpressionAttributeValues: { ':p': S('ORG#a') } });
    assert.equal((await index()).Count, 0);
    assert.ok((await db.getItem({ TableName: 'T', Key: { PK: S('CASE#1'), SK: S('CASE') }, ConsistentRead: true })).Item);
    clock.advance(99);
    assert.equal((await index()).Count, 0);
    clock.advance(1);
    assert.equal((await index()).Count, 1);
  });
});

describe('single-table model: TransactWriteItems', () => {
  it('writes all or nothing, names the failed condition in order, and charges two units per item', async () => {
    const { db } = setup();
    await put(db, { PK: S('EMAIL#d'), SK: S('EMAIL') });
    const tx = (pk: string) =>
      db.transactWriteItems({
        TransactItems: [
          { Put: { TableName: 'T', Item: { PK: S(pk), SK: S('AGENT#k') }, ConditionExpression: 'attribute_not_exists(PK)' } },
          { Put: { TableName: 'T', Item: { PK: S('EMAIL#d'), SK: S('EMAIL') }, ConditionExpression: 'attribute_not_exists(PK)' } },
        ],
        ReturnConsumedCapacity: 'TOTAL',
      });
    await assert.rejects(tx('ORG#a'), (err: unknown) => err instanceof TransactionCanceledException && err.CancellationReasons.map((r) => r.Code).join() === 'None,ConditionalCheckFailed' && /\[None, ConditionalCheckFailed\]/.test(err.message));
    assert.equal(db.collection('T', 'ORG#a').length, 0, 'neither item was written');
    const ok = await db.transactWriteItems({ TransactItems: [{ Put: { TableName: 'T', Item: { PK: S('ORG#a'), SK: S('AGENT#k') } } }, { Put: { TableName: 'T', Item: { PK: S('EMAIL#k'), SK: S('EMAIL') } } }], ReturnConsumedCapacity: 'TOTAL' });
    assert.deepEqual(ok.ConsumedCapacity?.map((c) => c.CapacityUnits), [4]);
    await assert.rejects(db.transactWriteItems({ TransactItems: [{ Put: { TableName: 'T', Item: { PK: S('x'), SK: S('y') } } }, { Put: { TableName: 'T', Item: { PK: S('x'), SK: S('y') } } }] }), /multiple operations on one item/);
    await assert.rejects(db.transactWriteItems({ TransactItems: [] }), /between 1 and 100/);
  });
});

describe('single-table: the article\'s helpdesk code on the model', () => {
  async function helpdesk(lag = 0) {
    const clock = manualClock();
    const db = new MemoryDynamoDB({ now: clock.now, indexLagMs: lag });
    db.createTable(one.helpdeskTable('H'));
    await one.createOrg(db, 'H', { id: 'acme', name: 'Acme Corp', plan: 'pro' });
    for (let k = 1; k <= 22; k++) await one.createCase(db, 'H', 'acme', { id: `C-${100 + k}`, subject: `s${k}`, status: 'open', openedAt: `2025-11-${String(k).padStart(2, '0')}T09:00Z` });
    await one.createAgent(db, 'H', 'acme', 'dana', 'dana@acme.io', 'h');
    return { db, clock };
  }

  it('dashboard: the profile and the n newest cases in one request, newest first', async () => {
    const { db } = await helpdesk();
    const { org, cases } = await one.dashboard(db, 'H', 'acme', 20);
    assert.equal(org.name, 'Acme Corp');
    assert.equal(cases.length, 20);
    assert.equal(cases[0]!.id, 'C-122');
    assert.equal(cases[19]!.id, 'C-103');
    await assert.rejects(one.dashboard(db, 'H', 'nobody', 20), /org nobody not found/);
  });

  it('dashboard: BETWEEN keeps SETTINGS out, reports an INVOICE between the bounds, and pages past 1 MB', async () => {
    const { db } = await helpdesk();
    await db.putItem({ TableName: 'H', Item: { PK: S('ORG#acme'), SK: S('SETTINGS'), Type: S('Settings'), GSI1PK: S('ORG#acme'), GSI1SK: S('SETTINGS') } });
    assert.equal((await one.dashboard(db, 'H', 'acme', 20)).cases.length, 20);
    await db.putItem({ TableName: 'H', Item: { PK: S('ORG#acme'), SK: S('INVOICE#1'), Type: S('Invoice'), GSI1PK: S('ORG#acme'), GSI1SK: S('INVOICE#1') } });
    await assert.rejects(one.dashboard(db, 'H', 'acme', 20), /item type "Invoice" inside the dashboard's key range/);
    await one.createOrg(db, 'H', { id: 'big', name: 'Big', plan: 'x' });
    for (let k = 1; k <= 5; k++) await one.createCase(db, 'H', 'big', { id: `B-${k}`, subject: 's', status: 'open', openedAt: `2025-11-0${k}T09:00Z` }, { description: 'x'.repeat(300 * 1024) });
    let requests = 0;
    const counted = { query: (input: QueryInput) => (requests++, db.query(input)) };
    assert.equal((await one.dashboard(counted, 'H', 'big', 20)).cases.length, 5);
    assert.equal(requests, 2, 'the first page ends at 1 MB, before the Limit');
  });

  it('postMessage: two messages at one timestamp are both kept; a reused message ID is ErrExists', async () => {
    const { db } = await helpdesk();
    const at = new Date('2025-11-19T10:04:31.207Z');
    await one.postMessage(db, 'H', 'C-101', 'm-1', 'a', 'x', at);
    await one.postMessage(db, 'H', 'C-101', 'm-2', 'b', 'y', at);
    const { kase, messages } = await one.openCase(db, 'H', 'C-101');
    assert.equal(kase?.id, 'C-101');
    assert.deepEqual(messages.map((m) => [m.id, m.sentAt]), [['m-1', '2025-11-19T10:04:31.207Z'], ['m-2', '2025-11-19T10:04:31.207Z']]);
    await assert.rejects(one.postMessage(db, 'H', 'C-101', 'm-1', 'a', 'again', at), (err: unknown) => one.isExists(err) && /message m-1 on case C-101: already exists/.test((err as Error).message));
  });

  it('createAgent: a taken email cancels the transaction, ErrExists, and no agent item is written', async () => {
    const { db } = await helpdesk();
    await assert.rejects(one.createAgent(db, 'H', 'acme', 'kim', 'dana@acme.io', 'h'), (err: unknown) => one.isExists(err));
    assert.equal(db.collection('H', 'ORG#acme').filter((i) => (i.SK as { S: string }).S === 'AGENT#kim').length, 0);
    await assert.rejects(one.createAgent(db, 'H', 'acme', 'dana', 'other@acme.io', 'h'), (err: unknown) => one.isExists(err), 'a taken agent ID too');
  });

  it('lookupLogin reads the table strongly: an agent created a moment ago signs in while GSI1 still lags', async () => {
    const { db, clock } = await helpdesk(100);
    clock.advance(1000);
    await one.createAgent(db, 'H', 'acme', 'kim', 'kim@acme.io', 'hash');
    assert.deepEqual(await one.lookupLogin(db, 'H', 'kim@acme.io'), { login: { orgId: 'acme', agentId: 'kim', passwordHash: 'hash' }, found: true });
    assert.equal((await one.lookupLogin(db, 'H', 'nobody@acme.io')).found, false);
    await one.createCase(db, 'H', 'acme', { id: 'C-999', subject: 'new', status: 'open', openedAt: '2025-11-30T09:00Z' });
    assert.notEqual((await one.dashboard(db, 'H', 'acme', 20)).cases[0]!.id, 'C-999', 'the dashboard reads GSI1, which lags');
    clock.advance(100);
    assert.equal((await one.dashboard(db, 'H', 'acme', 20)).cases[0]!.id, 'C-999');
  });

  it('one table per entity returns the same dashboard and case, in two requests each', async () => {
    const db = new MemoryDynamoDB();
    for (const t of many.TABLES) db.createTable(t);
    await many.createOrg(db, { id: 'acme', name: 'Acme Corp', plan: 'pro' });
    for (let k = 1; k <= 22; k++) await many.createCase(db, 'acme', { id: `C-${100 + k}`, subject: `s${k}`, status: 'open', openedAt: `2025-11-${String(k).padStart(2, '0')}T09:00Z` });
    await many.postMessage(db, 'C-101', 'm-1', 'a', 'x', new Date('2025-11-19T10:04:31.207Z'));
    let requests = 0;
    const counted = {
      getItem: (i: Parameters<typeof db.getItem>[0]) => (requests++, db.getItem(i)),
      putItem: (i: Parameters<typeof db.putItem>[0]) => (requests++, db.putItem(i)),
      transactWriteItems: (i: Parameters<typeof db.transactWriteItems>[0]) => (requests++, db.transactWriteItems(i)),
      query: (i: QueryInput) => (requests++, db.query(i)),
    };
    const { cases } = await many.dashboard(counted, 'acme', 20);
    assert.deepEqual([cases.length, cases[0]!.id, requests], [20, 'C-122', 2]);
    requests = 0;
    const opened = await many.openCase(counted, 'C-101');
    assert.deepEqual([opened.kase?.id, opened.messages.length, requests], ['C-101', 1, 2]);
    await many.createAgent(counted, 'acme', 'dana', 'dana@acme.io', 'h');
    await assert.rejects(many.createAgent(counted, 'acme', 'kim', 'dana@acme.io', 'h'), (err: unknown) => one.isExists(err));
  });
});
