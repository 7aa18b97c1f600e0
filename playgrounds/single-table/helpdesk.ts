/**
 * helpdesk.ts: the article's helpdesk model in one table, a port of the Go in
 * content/articles/dynamodb-single-table-design.mdx (Dashboard, PostMessage, CreateAgent,
 * LookupLogin), plus the two access patterns the article describes without code (GetOrg,
 * OpenCase) and the write that opens a case (CreateCase), in the same style.
 *
 * Keys (the article's "Overloading PK and SK"):
 *   organisation  PK ORG#<org>          SK PROFILE                 GSI1PK ORG#<org>  GSI1SK PROFILE
 *   agent         PK ORG#<org>          SK AGENT#<agent>
 *   login         PK EMAIL#<email>      SK EMAIL
 *   case          PK CASE#<case>        SK CASE                    GSI1PK ORG#<org>  GSI1SK CASE#<opened-at>#<case>
 *   message       PK CASE#<case>        SK MSG#<sent-at>#<msg-id>
 *
 * Go to TypeScript: attributevalue.UnmarshalMap is field(item, name) per struct field (a missing
 * attribute leaves the zero value, ''); fmt.Errorf("...: %w", ErrExists) is an ExistsError (isExists
 * walks the chain, like errors.Is); errors.AsType is instanceof.
 */
import { ConditionalCheckFailedException, TransactionCanceledException, type API, type AttributeValue, type CreateTableInput, type GlobalSecondaryIndex, type Item, type QueryAPIClient } from './dynamodb';

export interface Org {
  id: string; // dynamodbav:"orgId"
  name: string;
  plan: string;
}

export interface Case {
  id: string; // dynamodbav:"caseId"
  subject: string;
  status: string;
  openedAt: string;
}

export interface Message {
  id: string; // from the sort key, MSG#<sent-at>#<msg-id>
  author: string;
  body: string;
  sentAt: string;
}

/** ErrExists reports a write refused because its key is already taken. */
export const ErrExists = new Error('already exists');

/**
 * fmt.Errorf("<what>: %w", ErrExists): an error that wraps ErrExists. Its cause keeps the error
 * DynamoDB returned, which Go's %w of the sentinel drops.
 */
export class ExistsError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what}: ${ErrExists.message}`, { cause });
    this.name = 'ExistsError';
  }
}

/** errors.Is(err, ErrExists) */
export function isExists(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) if (e === ErrExists || e instanceof ExistsError) return true;
  return false;
}

const s = (v: string): AttributeValue => ({ S: v });
const field = (item: Item, name: string): string => {
  const v = item[name];
  return v && 'S' in v ? v.S : '';
};

/** time.Format("2006-01-02T15:04:05.000Z"): the fixed-width UTC timestamp that sorts as a string. */
export const millis = (t: Date): string => t.toISOString();

/**
 * dashboard loads an organisation and its n newest cases from GSI1. Descending, PROFILE comes
 * first ("P" sorts after "C"), then the cases from newest to oldest. The upper bound keeps out any
 * item type whose GSI1SK sorts after PROFILE; a type that sorts between the bounds is reported,
 * not silently counted as a case. GSI reads are eventually consistent, so a case opened a moment
 * ago may be missing for a moment.
 */
export async function dashboard(db: QueryAPIClient, table: string, orgID: string, n: number): Promise<{ org: Org; cases: Case[] }> {
  let org: Org = { id: '', name: '', plan: '' };
  let found = false;
  const cases: Case[] = [];
  let read = 0; // items read so far: at most the profile plus n cases
  let start: Item | undefined;
  while (read < n + 1) {
    let out;
    try {
      out = await db.query({
        TableName: table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': s('ORG#' + orgID), ':from': s('CASE#'), ':to': s('PROFILE') },
        ScanIndexForward: false,
        Limit: n + 1 - read,
        ExclusiveStartKey: start,
      });
    } catch (err) {
      throw new Error(`query org ${orgID}: ${(err as Error).message}`, { cause: err });
    }
    read += out.Items.length;
    for (const item of out.Items) {
      switch (field(item, 'Type')) {
        case 'Org':
          found = true;
          org = { id: field(item, 'orgId'), name: field(item, 'name'), plan: field(item, 'plan') };
          break;
        case 'Case':
          cases.push({ id: field(item, 'caseId'), subject: field(item, 'subject'), status: field(item, 'status'), openedAt: field(item, 'openedAt') });
          break;
        default:
          throw new Error(`org ${orgID}: item type "${field(item, 'Type')}" inside the dashboard's key range`);
      }
    }
    if (!out.LastEvaluatedKey) break; // the range is exhausted: fewer than n cases exist
    start = out.LastEvaluatedKey; // a 1 MB page can end before Limit
  }
  if (!found) throw new Error(`org ${orgID} not found`);
  return { org, cases };
}

/**
 * postMessage adds a message to its case's item collection. The message ID in the sort key keeps
 * two messages with the same timestamp apart, and the condition makes a reused key an error
 * instead of an overwrite.
 */
export async function postMessage(db: API, table: string, caseID: string, msgID: string, author: string, body: string, sentAt: Date): Promise<void> {
  try {
    await db.putItem({
      TableName: table,
      Item: {
        PK: s('CASE#' + caseID),
        SK: s('MSG#' + millis(sentAt) + '#' + msgID),
        Type: s('Message'),
        author: s(author),
        body: s(body),
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ExistsError(`message ${msgID} on case ${caseID}`, err);
    throw err;
  }
}

/**
 * createAgent writes an agent and its login record in one transaction, so that no two agents
 * share an email address. If the address is taken, a condition fails, the transaction is
 * cancelled and neither item is written.
 */
export async function createAgent(db: API, table: string, orgID: string, agentID: string, email: string, passwordHash: string): Promise<void> {
  try {
    await db.transactWriteItems({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { PK: s('ORG#' + orgID), SK: s('AGENT#' + agentID), Type: s('Agent'), agentId: s(agentID), email: s(email) },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: table,
            Item: { PK: s('EMAIL#' + email), SK: s('EMAIL'), Type: s('Login'), orgId: s(orgID), agentId: s(agentID), passwordHash: s(passwordHash) },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    });
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      for (const r of err.CancellationReasons) {
        if (r.Code === 'ConditionalCheckFailed') throw new ExistsError(`agent ${agentID} or email ${email}`, err);
      }
    }
    throw err; // including cancellations for other reasons, such as a conflict
  }
}

/** Login is the record that sign-in reads. */
export interface Login {
  orgId: string;
  agentId: string;
  passwordHash: string;
}

/**
 * lookupLogin reads the login record for an email address. GetItem on the table can be strongly
 * consistent, so an agent created a moment ago can sign in at once; a query on a GSI could not
 * promise that.
 */
export async function lookupLogin(db: API, table: string, email: string): Promise<{ login: Login; found: boolean }> {
  const out = await db.getItem({ TableName: table, Key: { PK: s('EMAIL#' + email), SK: s('EMAIL') }, ConsistentRead: true });
  if (!out.Item) return { login: { orgId: '', agentId: '', passwordHash: '' }, found: false };
  return { login: { orgId: field(out.Item, 'orgId'), agentId: field(out.Item, 'agentId'), passwordHash: field(out.Item, 'passwordHash') }, found: true };
}

// ── Not in the article's code; the patterns it describes, in the same style ─────

/** getOrg is pattern 1: the organisation's profile, one GetItem on the table. */
export async function getOrg(db: API, table: string, orgID: string): Promise<Org | undefined> {
  const out = await db.getItem({ TableName: table, Key: { PK: s('ORG#' + orgID), SK: s('PROFILE') } });
  return out.Item && { id: field(out.Item, 'orgId'), name: field(out.Item, 'name'), plan: field(out.Item, 'plan') };
}

/**
 * openCase is pattern 3: the case and its thread, one Query on the case's item collection in
 * ascending order (CASE sorts before MSG#), strongly consistent because it reads the table.
 */
export async function openCase(db: QueryAPIClient, table: string, caseID: string): Promise<{ kase: Case | undefined; messages: Message[] }> {
  let kase: Case | undefined;
  const messages: Message[] = [];
  let start: Item | undefined;
  do {
    const out = await db.query({
      TableName: table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': s('CASE#' + caseID) },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    });
    for (const item of out.Items) {
      if (field(item, 'Type') === 'Case') kase = { id: field(item, 'caseId'), subject: field(item, 'subject'), status: field(item, 'status'), openedAt: field(item, 'openedAt') };
      else if (field(item, 'Type') === 'Message') {
        const [, sentAt, id] = field(item, 'SK').split('#');
        messages.push({ id: id ?? '', author: field(item, 'author'), body: field(item, 'body'), sentAt: sentAt ?? '' });
      }
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return { kase, messages };
}

/**
 * createCase opens a case: the case heads its own item collection, and its GSI1 keys put it in
 * its organisation's collection of GSI1, where the dashboard reads it. extra carries attributes
 * such as a long description.
 */
export async function createCase(db: API, table: string, orgID: string, c: Case, extra: Record<string, string> = {}): Promise<void> {
  const item: Item = {
    PK: s('CASE#' + c.id),
    SK: s('CASE'),
    Type: s('Case'),
    caseId: s(c.id),
    orgId: s(orgID),
    subject: s(c.subject),
    status: s(c.status),
    openedAt: s(c.openedAt),
    GSI1PK: s('ORG#' + orgID),
    GSI1SK: s('CASE#' + c.openedAt + '#' + c.id),
  };
  for (const [k, v] of Object.entries(extra)) item[k] = s(v);
  try {
    await db.putItem({ TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(PK)' });
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new ExistsError(`case ${c.id}`, err);
    throw err;
  }
}

/** createOrg writes an organisation's profile, in its own partition of the table and in GSI1. */
export async function createOrg(db: API, table: string, org: Org): Promise<void> {
  await db.putItem({
    TableName: table,
    Item: { PK: s('ORG#' + org.id), SK: s('PROFILE'), Type: s('Org'), orgId: s(org.id), name: s(org.name), plan: s(org.plan), GSI1PK: s('ORG#' + org.id), GSI1SK: s('PROFILE') },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
}

/** The table's definition: PK and SK, and GSI1 on GSI1PK and GSI1SK, projecting every attribute. */
export function helpdeskTable(name: string): CreateTableInput & { GlobalSecondaryIndexes: GlobalSecondaryIndex[] } {
  return {
    TableName: name,
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
    ],
  };
}
