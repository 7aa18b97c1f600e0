/**
 * single-table: the article's helpdesk in one DynamoDB table, against one table per entity.
 *
 * The helpdesk (organisations, agents, logins, cases, messages) is loaded into one table with
 * overloaded PK and SK and an overloaded index, GSI1, using the article's code (helpdesk.ts). Each
 * access pattern then runs as one request, and the same patterns run against one table per entity
 * (multitable.ts) for comparison: requests and read and write capacity, as DynamoDB counts them.
 * Then the design rules the article's corrections rest on: message keys that cannot collide,
 * one agent per email, sign-in that reads the table and not an eventually consistent index, a
 * dashboard key range bounded on both sides, a dashboard that pages, and which side of a
 * relationship pays for the index. The table is an in-memory model of DynamoDB (dynamodb.ts).
 * main.go is the same program in Go, against the AWS SDK for Go v2 types.
 */
import { MemoryDynamoDB, TransactionCanceledException, type Client, type ConsumedCapacity, type GetItemInput, type Item, type PutItemInput, type QueryInput, type TransactWriteItemsInput } from './dynamodb';
import * as one from './helpdesk';
import * as many from './multitable';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 11; // the same seed gives the same helpdesk
const ACME_CASES = 22; // cases of the organisation "acme"; its dashboard shows the newest
const DASHBOARD_CASES = 20; // n: the profile plus n cases
const INDEX_LAG_MS = 100; // how long a write takes to reach GSI1 (GSIs are updated asynchronously)
const BIG_CASE_KB = 300; // "initech"'s five cases carry descriptions this large: 1 MB pages end early
const MESSAGES_FOR_COST = 10; // messages posted to measure who pays for the index
const REQUEST_MS = 8; // one request's round trip, in virtual time
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);
const random = createRandom(SEED);
const TABLE = 'Helpdesk';

/** What a run of requests cost, as the responses' ConsumedCapacity reports it. */
interface Cost {
  requests: number;
  read: number;
  write: number;
  /** write units on the table alone, and on its indexes */
  tableWrite: number;
  indexWrite: number;
}
const zero = (): Cost => ({ requests: 0, read: 0, write: 0, tableWrite: 0, indexWrite: 0 });
const costText = (c: Cost): string => {
  const parts = [`${c.requests} request${c.requests === 1 ? '' : 's'}`];
  if (c.read > 0) parts.push(`${c.read} RCU`);
  if (c.write > 0) parts.push(`${c.write} WCU`);
  return parts.join(', ');
};

/**
 * Meter is the client the code is given: it asks each request for its ConsumedCapacity (INDEXES),
 * adds it up, takes REQUEST_MS of virtual time and draws the request on its lane.
 */
class Meter implements Client {
  cost = zero();
  /** the last error a request returned */
  lastError: unknown;
  constructor(
    private readonly db: Client,
    private readonly lane: string,
  ) {}

  /** Runs f and returns what its requests cost. */
  async measure<T>(f: () => Promise<T>): Promise<[T, Cost]> {
    const before = { ...this.cost };
    const result = await f();
    const c = this.cost;
    return [result, { requests: c.requests - before.requests, read: c.read - before.read, write: c.write - before.write, tableWrite: c.tableWrite - before.tableWrite, indexWrite: c.indexWrite - before.indexWrite }];
  }

  private add(cc: ConsumedCapacity | undefined): void {
    if (!cc) return;
    this.cost.read += cc.ReadCapacityUnits ?? 0;
    this.cost.write += cc.WriteCapacityUnits ?? 0;
    if (cc.WriteCapacityUnits) {
      this.cost.tableWrite += cc.Table?.CapacityUnits ?? 0;
      for (const ix of Object.values(cc.GlobalSecondaryIndexes ?? {})) this.cost.indexWrite += ix.CapacityUnits ?? 0;
    }
  }

  private async call<T>(name: string, f: () => Promise<T>, consumed: (out: T) => ConsumedCapacity[]): Promise<T> {
    const s = span(this.lane, name);
    this.cost.requests++;
    try {
      const out = await f();
      for (const cc of consumed(out)) this.add(cc);
      await clock.sleep(REQUEST_MS);
      s.end('ok');
      return out;
    } catch (err) {
      this.lastError = err;
      await clock.sleep(REQUEST_MS);
      s.end('error', (err as Error).name);
      throw err;
    }
  }

  getItem(input: GetItemInput) {
    return this.call(`GetItem ${input.TableName}`, () => this.db.getItem({ ...input, ReturnConsumedCapacity: 'INDEXES' }), (o) => (o.ConsumedCapacity ? [o.ConsumedCapacity] : []));
  }
  putItem(input: PutItemInput) {
    return this.call(`PutItem ${input.TableName}`, () => this.db.putItem({ ...input, ReturnConsumedCapacity: 'INDEXES' }), (o) => (o.ConsumedCapacity ? [o.ConsumedCapacity] : []));
  }
  transactWriteItems(input: TransactWriteItemsInput) {
    return this.call('TransactWriteItems', () => this.db.transactWriteItems({ ...input, ReturnConsumedCapacity: 'INDEXES' }), (o) => o.ConsumedCapacity ?? []);
  }
  query(input: QueryInput) {
    return this.call(`Query ${input.IndexName ?? input.TableName}`, () => this.db.query({ ...input, ReturnConsumedCapacity: 'INDEXES' }), (o) => (o.ConsumedCapacity ? [o.ConsumedCapacity] : []));
  }
}

// ── The helpdesk's data, the same for both layouts ──────────────────────────────

const SUBJECTS = ['Cannot log in', 'Invoice shows the wrong VAT', 'Export to CSV times out', 'Webhook retries twice', 'SSO certificate expired', 'Password reset mail missing', 'Dashboard loads slowly', 'API returns 429'];
const BODIES = ['Could you take a look?', 'It started this morning after the update.', 'We see it for every user in the EU region.', 'Attached the request ID: 7f3a-22c1.', 'Thanks, that fixed it.', 'Still happening on our side.'];
const AUTHORS = ['customer', 'dana', 'lee'];
const NOV_2025 = Date.UTC(2025, 10, 1);
const minuteISO = (ms: number): string => new Date(ms).toISOString().slice(0, 16) + 'Z';

interface Plan {
  orgs: one.Org[];
  agents: Array<{ org: string; id: string; email: string }>;
  cases: Array<{ org: string; c: one.Case }>;
  messages: Array<{ caseId: string; id: string; author: string; body: string; sentAt: Date }>;
}

function planHelpdesk(): Plan {
  const plan: Plan = {
    orgs: [
      { id: 'acme', name: 'Acme Corp', plan: 'pro' },
      { id: 'globex', name: 'Globex', plan: 'starter' },
    ],
    agents: [
      { org: 'acme', id: 'dana', email: 'dana@acme.io' },
      { org: 'acme', id: 'lee', email: 'lee@acme.io' },
      { org: 'globex', id: 'sam', email: 'sam@globex.com' },
    ],
    cases: [
      { org: 'acme', c: { id: 'C-4790', subject: 'Export to CSV times out', status: 'open', openedAt: '2025-11-12T08:30Z' } },
      { org: 'acme', c: { id: 'C-4817', subject: 'Webhook retries twice', status: 'open', openedAt: '2025-11-19T10:04Z' } },
    ],
    messages: [
      { caseId: 'C-4817', id: 'm-8f3c', author: 'customer', body: 'Every webhook arrives twice since Monday.', sentAt: new Date('2025-11-19T10:04:31.207Z') },
      { caseId: 'C-4817', id: 'm-9a1d', author: 'dana', body: 'Thanks, we can reproduce it and are on it.', sentAt: new Date('2025-11-19T11:15:02.950Z') },
    ],
  };
  const generated = (org: string, id: string): void => {
    const opened = NOV_2025 + random.int(0, 27 * 1440) * 60_000;
    const c = { id, subject: random.pick(SUBJECTS), status: random.chance(0.7) ? 'open' : 'closed', openedAt: minuteISO(opened) };
    plan.cases.push({ org, c });
    const count = random.int(0, 2);
    for (let k = 0; k < count; k++) {
      const sentAt = new Date(opened + random.int(1, 600) * 60_000 + random.int(0, 59_999));
      plan.messages.push({ caseId: id, id: `m-${random.int(0, 0xffff).toString(16).padStart(4, '0')}`, author: random.pick(AUTHORS), body: random.pick(BODIES), sentAt });
    }
  };
  for (let k = 1; k <= ACME_CASES - 2; k++) generated('acme', `C-${4700 + k}`);
  for (let k = 1; k <= 3; k++) generated('globex', `C-${5000 + k}`);
  return plan;
}

async function loadOneTable(db: Meter, plan: Plan): Promise<void> {
  for (const org of plan.orgs) await one.createOrg(db, TABLE, org);
  for (const a of plan.agents) await one.createAgent(db, TABLE, a.org, a.id, a.email, `hash-of-${a.id}`);
  for (const { org, c } of plan.cases) await one.createCase(db, TABLE, org, c);
  for (const m of plan.messages) await one.postMessage(db, TABLE, m.caseId, m.id, m.author, m.body, m.sentAt);
}

async function loadManyTables(db: Meter, plan: Plan): Promise<void> {
  for (const org of plan.orgs) await many.createOrg(db, org);
  for (const a of plan.agents) await many.createAgent(db, a.org, a.id, a.email, `hash-of-${a.id}`);
  for (const { org, c } of plan.cases) await many.createCase(db, org, c);
  for (const m of plan.messages) await many.postMessage(db, m.caseId, m.id, m.author, m.body, m.sentAt);
}

// ── Printing ────────────────────────────────────────────────────────────────────

const str = (item: Item, name: string): string => {
  const v = item[name];
  return v && 'S' in v ? v.S : '';
};

function printRows(title: string, items: Item[], keys: [string, string], highlight = (_: Item) => false, show = items.length): void {
  console.log(dim(`  ${title}`));
  const rows = items.length > show ? [...items.slice(0, show - 2), undefined, ...items.slice(-2)] : items;
  for (const item of rows) {
    if (!item) {
      console.log(dim(`    ... ${items.length - show + 2} more`));
      continue;
    }
    const gsi = str(item, 'GSI1PK') ? dim(` GSI1 ${str(item, 'GSI1PK')} / ${str(item, 'GSI1SK')}`) : '';
    const line = `    ${pad(str(item, keys[0]), 20)} ${pad(str(item, keys[1]), 44)} ${pad(str(item, 'Type'), 8)}`;
    console.log((highlight(item) ? green(line) : line) + (keys[0] === 'PK' ? gsi : dim(` table ${str(item, 'PK')} / ${str(item, 'SK')}`)));
  }
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

// ── Scenes ──────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  console.log(bold('Single-table design in DynamoDB: the helpdesk in one table'));
  console.log(dim(`seed ${SEED}: ${ACME_CASES} cases for acme; GSI1 lags writes by ${INDEX_LAG_MS} ms; ${REQUEST_MS} ms per request`));
  const plan = planHelpdesk();

  heading('1. the helpdesk in one table: PK and SK overloaded, GSI1 overloaded and sparse');
  const model = new MemoryDynamoDB({ now: () => clock.now(), indexLagMs: INDEX_LAG_MS });
  model.createTable(one.helpdeskTable(TABLE));
  const db = new Meter(model, 'one table');
  const [, loadCost] = await db.measure(() => loadOneTable(db, plan));
  await clock.sleep(INDEX_LAG_MS); // let GSI1 catch up with the writes
  const counts = model.counts(TABLE);
  log(`loaded with the article's code: ${loadCost.requests} requests, ${loadCost.write} WCU (${loadCost.tableWrite} table, ${loadCost.indexWrite} GSI1; CreateAgent is a transaction: 2 units per item)`);
  log(`${counts.items} items in the table, ${counts.indexes.GSI1} in GSI1: only organisations and cases carry GSI1 keys`);
  milestone('items in the table', counts.items);
  milestone('items in GSI1', counts.indexes.GSI1!);
  const isOpenCase = (item: Item): boolean => str(item, 'PK') === 'CASE#C-4817';
  printRows('table, partition ORG#acme', model.collection(TABLE, 'ORG#acme'), ['PK', 'SK']);
  printRows('table, partition EMAIL#dana@acme.io', model.collection(TABLE, 'EMAIL#dana@acme.io'), ['PK', 'SK']);
  printRows('table, partition CASE#C-4817 (pattern 3 reads all of it)', model.collection(TABLE, 'CASE#C-4817'), ['PK', 'SK'], isOpenCase);
  printRows('GSI1, partition ORG#acme, in GSI1SK order (pattern 2 reads it backwards)', model.indexCollection(TABLE, 'GSI1', 'ORG#acme'), ['GSI1PK', 'GSI1SK'], () => false, 6);

  heading('2. each access pattern as one request, against one table per entity');
  const other = new MemoryDynamoDB({ now: () => clock.now(), indexLagMs: INDEX_LAG_MS });
  for (const t of many.TABLES) other.createTable(t);
  const dbMany = new Meter(other, 'table per entity');
  const [, loadManyCost] = await dbMany.measure(() => loadManyTables(dbMany, plan));
  await clock.sleep(INDEX_LAG_MS);
  log(`the same data in five tables: ${loadManyCost.requests} requests, ${loadManyCost.write} WCU`);
  const when = new Date('2025-11-19T11:20:00.000Z');
  const patterns: Array<{ name: string; one: () => Promise<string>; many: () => Promise<string> }> = [
    { name: '1 org profile', one: async () => (await one.getOrg(db, TABLE, 'acme'))?.name ?? 'none', many: async () => (await many.getOrg(dbMany, 'acme'))?.name ?? 'none' },
    {
      name: '2 dashboard',
      one: async () => {
        const d = await one.dashboard(db, TABLE, 'acme', DASHBOARD_CASES);
        return `${d.org.name} + ${d.cases.length} cases, newest ${d.cases[0]?.id}`;
      },
      many: async () => {
        const d = await many.dashboard(dbMany, 'acme', DASHBOARD_CASES);
        return `${d.org.name} + ${d.cases.length} cases, newest ${d.cases[0]?.id}`;
      },
    },
    {
      name: '3 open a case',
      one: async () => {
        const c = await one.openCase(db, TABLE, 'C-4817');
        return `${c.kase?.subject} + ${c.messages.length} messages`;
      },
      many: async () => {
        const c = await many.openCase(dbMany, 'C-4817');
        return `${c.kase?.subject} + ${c.messages.length} messages`;
      },
    },
    { name: '4 sign in', one: async () => ((await one.lookupLogin(db, TABLE, 'dana@acme.io')).found ? 'found dana' : 'not found'), many: async () => ((await many.lookupLogin(dbMany, 'dana@acme.io')).found ? 'found dana' : 'not found') },
    {
      name: '5 post a message',
      one: async () => {
        await one.postMessage(db, TABLE, 'C-4817', 'm-a7e2', 'lee', 'Fix deployed, please confirm.', when);
        return 'posted';
      },
      many: async () => {
        await many.postMessage(dbMany, 'C-4817', 'm-a7e2', 'lee', 'Fix deployed, please confirm.', when);
        return 'posted';
      },
    },
  ];
  console.log(dim(`  ${pad('pattern', 18)}${pad('one table', 28)}${pad('one table per entity', 28)}result`));
  let sameResults = true;
  const moreRequests: string[] = [];
  for (const p of patterns) {
    const [a, costOne] = await db.measure(p.one);
    const [b, costMany] = await dbMany.measure(p.many);
    sameResults &&= a === b;
    if (costMany.requests > costOne.requests) moreRequests.push(p.name.slice(0, 1));
    console.log(`  ${pad(p.name, 18)}${pad(green(costText(costOne)), 28)}${pad(costMany.requests > costOne.requests ? yellow(costText(costMany)) : costText(costMany), 28)}${dim(a === b ? a : `${a} / ${b}`)}`);
    milestone(`one table: ${p.name}`, costText(costOne));
    milestone(`one table per entity: ${p.name}`, costText(costMany));
  }
  log(`both layouts return the same results: ${sameResults}; with a table per entity, patterns ${moreRequests.join(' and ')} send two requests in parallel: one round trip of waiting, two requests paid`);
  milestone('both layouts return the same results', sameResults);

  heading('3. messages cannot overwrite each other');
  // The key the article used to print: MSG#<minute>, written without a condition.
  const sameMinute = ['2025-11-19T12:00:05.000Z', '2025-11-19T12:00:41.000Z'];
  for (const [i, t] of sameMinute.entries()) {
    await db.putItem({ TableName: TABLE, Item: { PK: { S: 'CASE#C-4790' }, SK: { S: `MSG#${t.slice(0, 16)}Z` }, Type: { S: 'Message' }, author: { S: 'customer' }, body: { S: `message ${i + 1}` } } });
  }
  const oldKept = model.collection(TABLE, 'CASE#C-4790').filter((item) => str(item, 'SK').startsWith('MSG#2025-11-19T12:00Z')).length;
  log(`SK = MSG#<minute>, no condition: 2 messages in one minute, ${red(oldKept)} kept; PutItem replaced the first and reported success`);
  const sameMilli = new Date('2025-11-19T12:30:00.000Z');
  await one.postMessage(db, TABLE, 'C-4790', 'm-0001', 'customer', 'first', sameMilli);
  await one.postMessage(db, TABLE, 'C-4790', 'm-0002', 'dana', 'second', sameMilli);
  const newKept = model.collection(TABLE, 'CASE#C-4790').filter((item) => str(item, 'SK').startsWith('MSG#2025-11-19T12:30:00.000Z#')).length;
  log(`SK = MSG#<sent-at>#<msg-id>, attribute_not_exists(PK): 2 messages in one millisecond, ${green(newKept)} kept`);
  let retryRefused = false;
  try {
    await one.postMessage(db, TABLE, 'C-4790', 'm-0001', 'customer', 'first, retried', sameMilli);
  } catch (err) {
    retryRefused = one.isExists(err);
    log(`posting m-0001 again: ${yellow(errText(err))}`);
  }
  milestone('same-minute messages kept with MSG#<minute>', oldKept);
  milestone('same-millisecond messages kept with MSG#<sent-at>#<msg-id>', newKept);
  milestone('a reused message key is refused', retryRefused);

  heading('4. one email address, one agent');
  let reasons = '';
  try {
    await one.createAgent(db, TABLE, 'acme', 'kim', 'dana@acme.io', 'hash-of-kim');
  } catch (err) {
    log(`CreateAgent(kim, dana@acme.io): ${yellow(errText(err))}, errors.Is(err, ErrExists) = ${one.isExists(err)}`);
    const cancelled = db.lastError;
    if (cancelled instanceof TransactionCanceledException) {
      reasons = cancelled.CancellationReasons.map((r) => r.Code).join(', ');
      log(dim(`  DynamoDB said: ${cancelled.message}`));
    }
  }
  const kimWritten = model.collection(TABLE, 'ORG#acme').filter((item) => str(item, 'SK') === 'AGENT#kim').length;
  log(`the login's condition failed, so the transaction was cancelled: agent items for kim written: ${kimWritten}`);
  milestone('duplicate email: cancellation reasons', reasons);
  milestone('duplicate email: agent items written', kimWritten);

  heading('5. what an eventually consistent index shows right after a write');
  // The design the article used to print signed agents in through an index on email.
  const v1 = one.helpdeskTable('HelpdeskV1');
  v1.GlobalSecondaryIndexes.push({ IndexName: 'ByEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } });
  model.createTable(v1);
  await one.createAgent(db, 'HelpdeskV1', 'acme', 'kim', 'kim@acme.io', 'hash-of-kim');
  const byEmail = async (): Promise<boolean> => (await db.query({ TableName: 'HelpdeskV1', IndexName: 'ByEmail', KeyConditionExpression: 'email = :e', ExpressionAttributeValues: { ':e': { S: 'kim@acme.io' } } })).Count > 0;
  const strong = (await one.lookupLogin(db, 'HelpdeskV1', 'kim@acme.io')).found;
  const viaIndex = await byEmail();
  log(`${REQUEST_MS * 2} ms after CreateAgent(kim): GetItem on EMAIL#kim@acme.io, strongly consistent: ${strong ? green('found') : red('not found')}; the ByEmail index: ${viaIndex ? 'found' : red('not found')}`);
  instant('one table', 'GSI lag', 'warn');
  await clock.sleep(INDEX_LAG_MS);
  const viaIndexLater = await byEmail();
  log(`${INDEX_LAG_MS} ms later the index has it: ${viaIndexLater ? green('found') : 'not found'}`);
  await one.createCase(db, TABLE, 'acme', { id: 'C-4901', subject: 'New case', status: 'open', openedAt: '2025-11-30T09:00Z' });
  const newestNow = (await one.dashboard(db, TABLE, 'acme', DASHBOARD_CASES)).cases[0]?.id;
  await clock.sleep(INDEX_LAG_MS);
  const newestLater = (await one.dashboard(db, TABLE, 'acme', DASHBOARD_CASES)).cases[0]?.id;
  log(`dashboard right after opening C-4901: newest ${yellow(newestNow ?? 'none')}; ${INDEX_LAG_MS} ms later: newest ${green(newestLater ?? 'none')}`);
  milestone('sign-in right after CreateAgent: GetItem finds the login', strong);
  milestone('sign-in right after CreateAgent: the email index finds it', viaIndex);
  milestone('the email index finds it after the lag', viaIndexLater);
  milestone('dashboard right after a new case: newest', newestNow ?? '');
  milestone('dashboard after the lag: newest', newestLater ?? '');

  heading('6. the dashboard\'s key range, bounded on both sides');
  await db.putItem({ TableName: TABLE, Item: { PK: { S: 'ORG#acme' }, SK: { S: 'SETTINGS' }, Type: { S: 'Settings' }, GSI1PK: { S: 'ORG#acme' }, GSI1SK: { S: 'SETTINGS' } } });
  await clock.sleep(INDEX_LAG_MS);
  // A lower bound alone, as in the article's first version: GSI1SK >= "CASE#", descending, Limit n+1.
  const lower = await db.query({ TableName: TABLE, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK >= :from', ExpressionAttributeValues: { ':pk': { S: 'ORG#acme' }, ':from': { S: 'CASE#' } }, ScanIndexForward: false, Limit: DASHBOARD_CASES + 1 });
  const lowerCases = lower.Items.filter((item) => str(item, 'Type') === 'Case').length;
  log(`GSI1SK >= CASE#: first item ${yellow(str(lower.Items[0]!, 'Type'))}, then ${lowerCases} cases: SETTINGS took a slot and nothing says so`);
  const bounded = await one.dashboard(db, TABLE, 'acme', DASHBOARD_CASES);
  log(`GSI1SK BETWEEN CASE# AND PROFILE: the profile and ${green(bounded.cases.length)} cases; SETTINGS is out of range`);
  await db.putItem({ TableName: TABLE, Item: { PK: { S: 'ORG#acme' }, SK: { S: 'INVOICE#2025-11' }, Type: { S: 'Invoice' }, GSI1PK: { S: 'ORG#acme' }, GSI1SK: { S: 'INVOICE#2025-11' } } });
  await clock.sleep(INDEX_LAG_MS);
  let invoiceError = '';
  try {
    await one.dashboard(db, TABLE, 'acme', DASHBOARD_CASES);
  } catch (err) {
    invoiceError = errText(err);
    log(`an INVOICE# item sorts between the bounds: ${yellow(invoiceError)}`);
  }
  milestone('lower bound only: cases shown', lowerCases);
  milestone('BETWEEN: cases shown', bounded.cases.length);
  milestone('an item type between the bounds is reported', invoiceError.includes('"Invoice"'));

  heading(`7. the dashboard pages: cases of ${BIG_CASE_KB} KB fill a 1 MB page before the Limit`);
  await one.createOrg(db, TABLE, { id: 'initech', name: 'Initech', plan: 'enterprise' });
  for (let k = 1; k <= 5; k++) await one.createCase(db, TABLE, 'initech', { id: `C-60${k}`, subject: 'TPS report', status: 'open', openedAt: `2025-11-0${k}T09:00Z` }, { description: 'x'.repeat(BIG_CASE_KB * 1024 - 200) });
  await clock.sleep(INDEX_LAG_MS);
  const [big, bigCost] = await db.measure(() => one.dashboard(db, TABLE, 'initech', DASHBOARD_CASES));
  const firstPage = await db.query({ TableName: TABLE, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': { S: 'ORG#initech' }, ':from': { S: 'CASE#' }, ':to': { S: 'PROFILE' } }, ScanIndexForward: false, Limit: DASHBOARD_CASES + 1 });
  const onePageCases = firstPage.Items.filter((item) => str(item, 'Type') === 'Case').length;
  log(`one request with Limit ${DASHBOARD_CASES + 1} returns the profile and ${yellow(onePageCases)} cases, and a LastEvaluatedKey`);
  log(`the article's loop: ${green(big.cases.length)} cases in ${costText(bigCost)}`);
  milestone('big cases: cases on the first page', onePageCases);
  milestone('big cases: dashboard', `${big.cases.length} cases, ${costText(bigCost)}`);

  heading('8. who pays for the index: messages outside GSI1, or inside it');
  model.createTable(one.helpdeskTable('Tempting'));
  const [, outside] = await db.measure(async () => {
    for (let k = 0; k < MESSAGES_FOR_COST; k++) await one.postMessage(db, TABLE, 'C-4817', `m-c${k}`, 'dana', 'Still on it.', new Date(Date.UTC(2025, 10, 20, 9, k)));
  });
  const [, inside] = await db.measure(async () => {
    for (let k = 0; k < MESSAGES_FOR_COST; k++) {
      const sk = `MSG#${new Date(Date.UTC(2025, 10, 20, 9, k)).toISOString()}#m-c${k}`;
      await db.putItem({
        TableName: 'Tempting',
        Item: { PK: { S: 'ORG#acme' }, SK: { S: sk }, Type: { S: 'Message' }, author: { S: 'dana' }, body: { S: 'Still on it.' }, GSI1PK: { S: 'CASE#C-4817' }, GSI1SK: { S: sk } },
        ConditionExpression: 'attribute_not_exists(PK)',
      });
    }
  });
  log(`${MESSAGES_FOR_COST} messages with no GSI1 keys: ${green(outside.write)} WCU (${outside.tableWrite} table, ${outside.indexWrite} index)`);
  log(`${MESSAGES_FOR_COST} messages copied into GSI1 under their case: ${yellow(inside.write)} WCU (${inside.tableWrite} table, ${inside.indexWrite} index)`);
  milestone('messages outside GSI1: WCU', outside.write);
  milestone('messages inside GSI1: WCU', inside.write);

  heading('summary');
  console.log(`  one table             every access pattern is one request; patterns ${moreRequests.join(' and ')} take two with a table per entity`);
  console.log(`  message keys          MSG#<sent-at>#<msg-id> + attribute_not_exists: ${newKept} of 2 kept (the bare minute kept ${oldKept})`);
  console.log(`  unique email          the transaction is cancelled as a whole (${reasons}): ${kimWritten} agent items written`);
  console.log(`  sign-in               strongly consistent GetItem: ${strong ? 'found at once' : 'missed'}; through an index: ${viaIndex ? 'found' : 'missed'} until it caught up`);
  console.log(`  dashboard range       BETWEEN CASE# AND PROFILE: ${bounded.cases.length} cases; a lower bound alone: ${lowerCases}`);
  console.log(`  dashboard paging      ${big.cases.length} large cases in ${bigCost.requests} requests; one request shows ${onePageCases}`);
  console.log(`  index writes          ${cyan(`${outside.write} WCU`)} for ${MESSAGES_FOR_COST} messages outside GSI1, ${inside.write} inside it`);
}

runMain(main);
