/**
 * multitable.ts: the same helpdesk with one table per entity, the relational habit the article's
 * "Why one table" section starts from. Each table is keyed on its entity's natural ID, cases have
 * an index by organisation, and no key carries a type prefix.
 *
 *   Orgs      orgId
 *   Agents    orgId, agentId
 *   Logins    email
 *   Cases     caseId                 index ByOrg: orgId, openedAt
 *   Messages  caseId, msgKey         msgKey = <sent-at>#<msg-id>
 *
 * A page that needs two entities makes two requests. Where the second request's key is already
 * known (the dashboard knows the org ID, opening a case knows the case ID), the two run in
 * parallel, so they cost one round trip of latency but two requests and two roundings of capacity.
 */
import { ConditionalCheckFailedException, TransactionCanceledException, type API, type AttributeValue, type Client, type Item } from './dynamodb';
import { ExistsError, millis, type Case, type Login, type Message, type Org } from './helpdesk';

const s = (v: string): AttributeValue => ({ S: v });
const field = (item: Item, name: string): string => {
  const v = item[name];
  return v && 'S' in v ? v.S : '';
};
const caseOf = (item: Item): Case => ({ id: field(item, 'caseId'), subject: field(item, 'subject'), status: field(item, 'status'), openedAt: field(item, 'openedAt') });
const orgOf = (item: Item): Org => ({ id: field(item, 'orgId'), name: field(item, 'name'), plan: field(item, 'plan') });

/** The five tables' definitions. */
export const TABLES = [
  { TableName: 'Orgs', KeySchema: [{ AttributeName: 'orgId', KeyType: 'HASH' as const }] },
  {
    TableName: 'Agents',
    KeySchema: [
      { AttributeName: 'orgId', KeyType: 'HASH' as const },
      { AttributeName: 'agentId', KeyType: 'RANGE' as const },
    ],
  },
  { TableName: 'Logins', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' as const }] },
  {
    TableName: 'Cases',
    KeySchema: [{ AttributeName: 'caseId', KeyType: 'HASH' as const }],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'ByOrg',
        KeySchema: [
          { AttributeName: 'orgId', KeyType: 'HASH' as const },
          { AttributeName: 'openedAt', KeyType: 'RANGE' as const },
        ],
        Projection: { ProjectionType: 'ALL' as const },
      },
    ],
  },
  {
    TableName: 'Messages',
    KeySchema: [
      { AttributeName: 'caseId', KeyType: 'HASH' as const },
      { AttributeName: 'msgKey', KeyType: 'RANGE' as const },
    ],
  },
];

export async function createOrg(db: API, org: Org): Promise<void> {
  await db.putItem({ TableName: 'Orgs', Item: { orgId: s(org.id), name: s(org.name), plan: s(org.plan) }, ConditionExpression: 'attribute_not_exists(orgId)' });
}

export async function createCase(db: API, orgID: string, c: Case, extra: Record<string, string> = {}): Promise<void> {
  const item: Item = { caseId: s(c.id), orgId: s(orgID), subject: s(c.subject), status: s(c.status), openedAt: s(c.openedAt) };
  for (const [k, v] of Object.entries(extra)) item[k] = s(v);
  await db.putItem({ TableName: 'Cases', Item: item, ConditionExpression: 'attribute_not_exists(caseId)' });
}

/** Pattern 1: one GetItem, as in one table. */
export async function getOrg(db: API, orgID: string): Promise<Org | undefined> {
  const out = await db.getItem({ TableName: 'Orgs', Key: { orgId: s(orgID) } });
  return out.Item && orgOf(out.Item);
}

/** Pattern 2: the profile from Orgs and the n newest cases from Cases.ByOrg, two requests in parallel. */
export async function dashboard(db: Client, orgID: string, n: number): Promise<{ org: Org; cases: Case[] }> {
  const newest = async (): Promise<Case[]> => {
    const cases: Case[] = [];
    let start: Item | undefined;
    do {
      const out = await db.query({
        TableName: 'Cases',
        IndexName: 'ByOrg',
        KeyConditionExpression: 'orgId = :o',
        ExpressionAttributeValues: { ':o': s(orgID) },
        ScanIndexForward: false,
        Limit: n - cases.length,
        ExclusiveStartKey: start,
      });
      cases.push(...out.Items.map(caseOf));
      start = out.LastEvaluatedKey;
    } while (start && cases.length < n);
    return cases;
  };
  const [org, cases] = await Promise.all([getOrg(db, orgID), newest()]);
  if (!org) throw new Error(`org ${orgID} not found`);
  return { org, cases };
}

/** Pattern 3: the case from Cases and its thread from Messages, two requests in parallel. */
export async function openCase(db: Client, caseID: string): Promise<{ kase: Case | undefined; messages: Message[] }> {
  const thread = async (): Promise<Message[]> => {
    const messages: Message[] = [];
    let start: Item | undefined;
    do {
      const out = await db.query({ TableName: 'Messages', KeyConditionExpression: 'caseId = :c', ExpressionAttributeValues: { ':c': s(caseID) }, ConsistentRead: true, ExclusiveStartKey: start });
      for (const item of out.Items) {
        const [sentAt, id] = field(item, 'msgKey').split('#');
        messages.push({ id: id ?? '', author: field(item, 'author'), body: field(item, 'body'), sentAt: sentAt ?? '' });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return messages;
  };
  const [got, messages] = await Promise.all([db.getItem({ TableName: 'Cases', Key: { caseId: s(caseID) }, ConsistentRead: true }), thread()]);
  return { kase: got.Item && caseOf(got.Item), messages };
}

/** Pattern 4: one strongly consistent GetItem on Logins, as in one table. */
export async function lookupLogin(db: API, email: string): Promise<{ login: Login; found: boolean }> {
  const out = await db.getItem({ TableName: 'Logins', Key: { email: s(email) }, ConsistentRead: true });
  if (!out.Item) return { login: { orgId: '', agentId: '', passwordHash: '' }, found: false };
  return { login: { orgId: field(out.Item, 'orgId'), agentId: field(out.Item, 'agentId'), passwordHash: field(out.Item, 'passwordHash') }, found: true };
}

/** Pattern 5: one conditional PutItem on Messages. */
export async function postMessage(db: API, caseID: string, msgID: string, author: string, body: string, sentAt: Date): Promise<void> {
  try {
    await db.putItem({
      TableName: 'Messages',
      Item: { caseId: s(caseID), msgKey: s(millis(sentAt) + '#' + msgID), author: s(author), body: s(body) },
      ConditionExpression: 'attribute_not_exists(caseId)',
    });
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ExistsError(`message ${msgID} on case ${caseID}`, err);
    throw err;
  }
}

/** An agent and its login in one transaction across two tables. */
export async function createAgent(db: API, orgID: string, agentID: string, email: string, passwordHash: string): Promise<void> {
  try {
    await db.transactWriteItems({
      TransactItems: [
        { Put: { TableName: 'Agents', Item: { orgId: s(orgID), agentId: s(agentID), email: s(email) }, ConditionExpression: 'attribute_not_exists(agentId)' } },
        { Put: { TableName: 'Logins', Item: { email: s(email), orgId: s(orgID), agentId: s(agentID), passwordHash: s(passwordHash) }, ConditionExpression: 'attribute_not_exists(email)' } },
      ],
    });
  } catch (err) {
    if (err instanceof TransactionCanceledException && err.CancellationReasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
      throw new ExistsError(`agent ${agentID} or email ${email}`, err);
    }
    throw err;
  }
}

