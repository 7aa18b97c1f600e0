// single-table: the article's helpdesk in one DynamoDB table, against one
// table per entity.
//
// The Go program that main.ts mirrors. The helpdesk code (Dashboard,
// PostMessage, CreateAgent, LookupLogin) is the article's, unchanged, written
// against the AWS SDK for Go v2 (service/dynamodb, its types and
// feature/dynamodb/attributevalue). Behind the small interfaces it takes
// (dynamodb.QueryAPIClient and API) sits memDB, an in-memory model of DynamoDB
// at the end of this file: tables and global secondary indexes, key
// conditions, 1 MB pages, conditional writes, transactions, and read and write
// capacity as the Developer Guide counts them. With a real table, pass a
// *dynamodb.Client instead.
//
// Run it from the repository root: go run ./playgrounds/single-table
package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/smithy-go"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these (main.ts has the same constants).
const (
	seed            = 11
	acmeCases       = 22  // cases of the organisation "acme"; its dashboard shows the newest
	dashboardCases  = 20  // n: the profile plus n cases
	indexLagMs      = 100 // how long a write takes to reach GSI1
	bigCaseKB       = 300 // "initech"'s five cases carry descriptions this large
	messagesForCost = 10  // messages posted to measure who pays for the index
	requestMs       = 8   // one request's round trip
	tableName       = "Helpdesk"
)

// ── The article's code (content/articles/dynamodb-single-table-design.mdx) ───

type Org struct {
	ID   string `dynamodbav:"orgId"`
	Name string `dynamodbav:"name"`
	Plan string `dynamodbav:"plan"`
}

type Case struct {
	ID       string `dynamodbav:"caseId"`
	Subject  string `dynamodbav:"subject"`
	Status   string `dynamodbav:"status"`
	OpenedAt string `dynamodbav:"openedAt"`
}

// Dashboard loads an organisation and its n newest cases from GSI1.
// Descending, PROFILE comes first ("P" sorts after "C"), then the cases from
// newest to oldest. The upper bound keeps out any item type whose GSI1SK
// sorts after PROFILE; a type that sorts between the bounds is reported, not
// silently counted as a case. GSI reads are eventually consistent, so a case
// opened a moment ago may be missing for a moment.
func Dashboard(ctx context.Context, db dynamodb.QueryAPIClient, table, orgID string, n int) (Org, []Case, error) {
	var (
		org   Org
		found bool
		cases []Case
		read  int // items read so far: at most the profile plus n cases
		start map[string]types.AttributeValue
	)
	for read < n+1 {
		out, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName:              aws.String(table),
			IndexName:              aws.String("GSI1"),
			KeyConditionExpression: aws.String("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to"),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":pk":   &types.AttributeValueMemberS{Value: "ORG#" + orgID},
				":from": &types.AttributeValueMemberS{Value: "CASE#"},
				":to":   &types.AttributeValueMemberS{Value: "PROFILE"},
			},
			ScanIndexForward:  aws.Bool(false),
			Limit:             aws.Int32(int32(n + 1 - read)),
			ExclusiveStartKey: start,
		})
		if err != nil {
			return Org{}, nil, fmt.Errorf("query org %s: %w", orgID, err)
		}
		read += len(out.Items)
		for _, item := range out.Items {
			var kind struct {
				Type string `dynamodbav:"Type"`
			}
			if err := attributevalue.UnmarshalMap(item, &kind); err != nil {
				return Org{}, nil, err
			}
			switch kind.Type {
			case "Org":
				found = true
				err = attributevalue.UnmarshalMap(item, &org)
			case "Case":
				var c Case
				if err = attributevalue.UnmarshalMap(item, &c); err == nil {
					cases = append(cases, c)
				}
			default:
				err = fmt.Errorf("org %s: item type %q inside the dashboard's key range", orgID, kind.Type)
			}
			if err != nil {
				return Org{}, nil, err
			}
		}
		if out.LastEvaluatedKey == nil {
			break // the range is exhausted: fewer than n cases exist
		}
		start = out.LastEvaluatedKey // a 1 MB page can end before Limit
	}
	if !found {
		return Org{}, nil, fmt.Errorf("org %s not found", orgID)
	}
	return org, cases, nil
}

// API is the part of *dynamodb.Client that the write and sign-in paths use.
type API interface {
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	TransactWriteItems(context.Context, *dynamodb.TransactWriteItemsInput, ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error)
}

// ErrExists reports a write refused because its key is already taken.
var ErrExists = errors.New("already exists")

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }

// PostMessage adds a message to its case's item collection. The message ID
// in the sort key keeps two messages with the same timestamp apart, and the
// condition makes a reused key an error instead of an overwrite.
func PostMessage(ctx context.Context, db API, table, caseID, msgID, author, body string, sentAt time.Time) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item: map[string]types.AttributeValue{
			"PK":     s("CASE#" + caseID),
			"SK":     s("MSG#" + sentAt.UTC().Format("2006-01-02T15:04:05.000Z") + "#" + msgID),
			"Type":   s("Message"),
			"author": s(author),
			"body":   s(body),
		},
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	if _, ok := errors.AsType[*types.ConditionalCheckFailedException](err); ok {
		return fmt.Errorf("message %s on case %s: %w", msgID, caseID, ErrExists)
	}
	return err
}

// CreateAgent writes an agent and its login record in one transaction, so
// that no two agents share an email address. If the address is taken, a
// condition fails, the transaction is cancelled and neither item is written.
func CreateAgent(ctx context.Context, db API, table, orgID, agentID, email, passwordHash string) error {
	_, err := db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{
		TransactItems: []types.TransactWriteItem{
			{Put: &types.Put{
				TableName: aws.String(table),
				Item: map[string]types.AttributeValue{
					"PK": s("ORG#" + orgID), "SK": s("AGENT#" + agentID), "Type": s("Agent"),
					"agentId": s(agentID), "email": s(email),
				},
				ConditionExpression: aws.String("attribute_not_exists(PK)"),
			}},
			{Put: &types.Put{
				TableName: aws.String(table),
				Item: map[string]types.AttributeValue{
					"PK": s("EMAIL#" + email), "SK": s("EMAIL"), "Type": s("Login"),
					"orgId": s(orgID), "agentId": s(agentID), "passwordHash": s(passwordHash),
				},
				ConditionExpression: aws.String("attribute_not_exists(PK)"),
			}},
		},
	})
	if tc, ok := errors.AsType[*types.TransactionCanceledException](err); ok {
		for _, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" {
				return fmt.Errorf("agent %s or email %s: %w", agentID, email, ErrExists)
			}
		}
	}
	return err // including cancellations for other reasons, such as a conflict
}

// Login is the record that sign-in reads.
type Login struct {
	OrgID        string `dynamodbav:"orgId"`
	AgentID      string `dynamodbav:"agentId"`
	PasswordHash string `dynamodbav:"passwordHash"`
}

// LookupLogin reads the login record for an email address. GetItem on the
// table can be strongly consistent, so an agent created a moment ago can sign
// in at once; a query on a GSI could not promise that.
func LookupLogin(ctx context.Context, db API, table, email string) (Login, bool, error) {
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(table),
		Key:            map[string]types.AttributeValue{"PK": s("EMAIL#" + email), "SK": s("EMAIL")},
		ConsistentRead: aws.Bool(true),
	})
	if err != nil || out.Item == nil {
		return Login{}, false, err
	}
	var l Login
	if err := attributevalue.UnmarshalMap(out.Item, &l); err != nil {
		return Login{}, false, err
	}
	return l, true, nil
}

// ── Not in the article's code: the patterns it describes, in the same style ──

// GetOrg is pattern 1: the organisation's profile, one GetItem on the table.
func GetOrg(ctx context.Context, db API, table, orgID string) (Org, bool, error) {
	out, err := db.GetItem(ctx, &dynamodb.GetItemInput{
		TableName: aws.String(table),
		Key:       map[string]types.AttributeValue{"PK": s("ORG#" + orgID), "SK": s("PROFILE")},
	})
	if err != nil || out.Item == nil {
		return Org{}, false, err
	}
	var org Org
	err = attributevalue.UnmarshalMap(out.Item, &org)
	return org, err == nil, err
}

// Message is one message of a thread; its ID and time come from the sort key.
type Message struct {
	ID, Author, Body, SentAt string
}

// OpenCase is pattern 3: the case and its thread, one Query on the case's
// item collection in ascending order (CASE sorts before MSG#), strongly
// consistent because it reads the table.
func OpenCase(ctx context.Context, db dynamodb.QueryAPIClient, table, caseID string) (*Case, []Message, error) {
	var kase *Case
	var messages []Message
	var start map[string]types.AttributeValue
	for {
		out, err := db.Query(ctx, &dynamodb.QueryInput{
			TableName:                 aws.String(table),
			KeyConditionExpression:    aws.String("PK = :pk"),
			ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("CASE#" + caseID)},
			ConsistentRead:            aws.Bool(true),
			ExclusiveStartKey:         start,
		})
		if err != nil {
			return nil, nil, err
		}
		for _, item := range out.Items {
			switch str(item, "Type") {
			case "Case":
				var c Case
				if err := attributevalue.UnmarshalMap(item, &c); err != nil {
					return nil, nil, err
				}
				kase = &c
			case "Message":
				parts := strings.SplitN(str(item, "SK"), "#", 3)
				messages = append(messages, Message{ID: parts[2], Author: str(item, "author"), Body: str(item, "body"), SentAt: parts[1]})
			}
		}
		if start = out.LastEvaluatedKey; start == nil {
			return kase, messages, nil
		}
	}
}

// CreateCase opens a case: the case heads its own item collection, and its
// GSI1 keys put it in its organisation's collection of GSI1, where the
// dashboard reads it. extra carries attributes such as a long description.
func CreateCase(ctx context.Context, db API, table, orgID string, c Case, extra map[string]string) error {
	item := map[string]types.AttributeValue{
		"PK": s("CASE#" + c.ID), "SK": s("CASE"), "Type": s("Case"),
		"caseId": s(c.ID), "orgId": s(orgID), "subject": s(c.Subject), "status": s(c.Status), "openedAt": s(c.OpenedAt),
		"GSI1PK": s("ORG#" + orgID), "GSI1SK": s("CASE#" + c.OpenedAt + "#" + c.ID),
	}
	for k, v := range extra {
		item[k] = s(v)
	}
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item, ConditionExpression: aws.String("attribute_not_exists(PK)")})
	if _, ok := errors.AsType[*types.ConditionalCheckFailedException](err); ok {
		return fmt.Errorf("case %s: %w", c.ID, ErrExists)
	}
	return err
}

// CreateOrg writes an organisation's profile, in its own partition of the
// table and in GSI1.
func CreateOrg(ctx context.Context, db API, table string, org Org) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{
		TableName: aws.String(table),
		Item: map[string]types.AttributeValue{
			"PK": s("ORG#" + org.ID), "SK": s("PROFILE"), "Type": s("Org"),
			"orgId": s(org.ID), "name": s(org.Name), "plan": s(org.Plan),
			"GSI1PK": s("ORG#" + org.ID), "GSI1SK": s("PROFILE"),
		},
		ConditionExpression: aws.String("attribute_not_exists(PK)"),
	})
	return err
}

func keyElem(name string, kind types.KeyType) types.KeySchemaElement {
	return types.KeySchemaElement{AttributeName: aws.String(name), KeyType: kind}
}

// helpdeskTable is the table's definition: PK and SK, and GSI1 on GSI1PK and
// GSI1SK, projecting every attribute.
func helpdeskTable(name string) *dynamodb.CreateTableInput {
	return &dynamodb.CreateTableInput{
		TableName: aws.String(name),
		KeySchema: []types.KeySchemaElement{keyElem("PK", types.KeyTypeHash), keyElem("SK", types.KeyTypeRange)},
		GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
			IndexName:  aws.String("GSI1"),
			KeySchema:  []types.KeySchemaElement{keyElem("GSI1PK", types.KeyTypeHash), keyElem("GSI1SK", types.KeyTypeRange)},
			Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
		}},
	}
}

// ── One table per entity, for comparison (multitable.ts) ─────────────────────

// client is what the per-entity code needs: reads, writes and queries.
type client interface {
	API
	dynamodb.QueryAPIClient
}

// entityTables is the helpdesk with one table per entity: Orgs (orgId),
// Agents (orgId, agentId), Logins (email), Cases (caseId, index ByOrg on
// orgId and openedAt) and Messages (caseId, msgKey = <sent-at>#<msg-id>).
type entityTables struct{ db client }

func entityTableDefs() []*dynamodb.CreateTableInput {
	return []*dynamodb.CreateTableInput{
		{TableName: aws.String("Orgs"), KeySchema: []types.KeySchemaElement{keyElem("orgId", types.KeyTypeHash)}},
		{TableName: aws.String("Agents"), KeySchema: []types.KeySchemaElement{keyElem("orgId", types.KeyTypeHash), keyElem("agentId", types.KeyTypeRange)}},
		{TableName: aws.String("Logins"), KeySchema: []types.KeySchemaElement{keyElem("email", types.KeyTypeHash)}},
		{TableName: aws.String("Cases"), KeySchema: []types.KeySchemaElement{keyElem("caseId", types.KeyTypeHash)},
			GlobalSecondaryIndexes: []types.GlobalSecondaryIndex{{
				IndexName:  aws.String("ByOrg"),
				KeySchema:  []types.KeySchemaElement{keyElem("orgId", types.KeyTypeHash), keyElem("openedAt", types.KeyTypeRange)},
				Projection: &types.Projection{ProjectionType: types.ProjectionTypeAll},
			}}},
		{TableName: aws.String("Messages"), KeySchema: []types.KeySchemaElement{keyElem("caseId", types.KeyTypeHash), keyElem("msgKey", types.KeyTypeRange)}},
	}
}

func (e entityTables) CreateOrg(ctx context.Context, org Org) error {
	_, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Orgs"),
		Item:                map[string]types.AttributeValue{"orgId": s(org.ID), "name": s(org.Name), "plan": s(org.Plan)},
		ConditionExpression: aws.String("attribute_not_exists(orgId)")})
	return err
}

func (e entityTables) CreateCase(ctx context.Context, orgID string, c Case) error {
	_, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Cases"),
		Item:                map[string]types.AttributeValue{"caseId": s(c.ID), "orgId": s(orgID), "subject": s(c.Subject), "status": s(c.Status), "openedAt": s(c.OpenedAt)},
		ConditionExpression: aws.String("attribute_not_exists(caseId)")})
	return err
}

// GetOrg is pattern 1: one GetItem, as in one table.
func (e entityTables) GetOrg(ctx context.Context, orgID string) (Org, bool, error) {
	out, err := e.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Orgs"), Key: map[string]types.AttributeValue{"orgId": s(orgID)}})
	if err != nil || out.Item == nil {
		return Org{}, false, err
	}
	var org Org
	err = attributevalue.UnmarshalMap(out.Item, &org)
	return org, err == nil, err
}

// Dashboard is pattern 2: the profile from Orgs and the n newest cases from
// Cases.ByOrg, two requests in parallel.
func (e entityTables) Dashboard(ctx context.Context, orgID string, n int) (Org, []Case, error) {
	var (
		wg       sync.WaitGroup
		org      Org
		found    bool
		cases    []Case
		orgErr   error
		casesErr error
	)
	wg.Go(func() { org, found, orgErr = e.GetOrg(ctx, orgID) })
	wg.Go(func() {
		var start map[string]types.AttributeValue
		for {
			out, err := e.db.Query(ctx, &dynamodb.QueryInput{
				TableName: aws.String("Cases"), IndexName: aws.String("ByOrg"),
				KeyConditionExpression:    aws.String("orgId = :o"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":o": s(orgID)},
				ScanIndexForward:          aws.Bool(false),
				Limit:                     aws.Int32(int32(n - len(cases))),
				ExclusiveStartKey:         start,
			})
			if err != nil {
				casesErr = err
				return
			}
			for _, item := range out.Items {
				var c Case
				if casesErr = attributevalue.UnmarshalMap(item, &c); casesErr != nil {
					return
				}
				cases = append(cases, c)
			}
			if start = out.LastEvaluatedKey; start == nil || len(cases) >= n {
				return
			}
		}
	})
	wg.Wait()
	if err := errors.Join(orgErr, casesErr); err != nil {
		return Org{}, nil, err
	}
	if !found {
		return Org{}, nil, fmt.Errorf("org %s not found", orgID)
	}
	return org, cases, nil
}

// OpenCase is pattern 3: the case from Cases and its thread from Messages,
// two requests in parallel.
func (e entityTables) OpenCase(ctx context.Context, caseID string) (*Case, []Message, error) {
	var (
		wg        sync.WaitGroup
		kase      *Case
		messages  []Message
		caseErr   error
		threadErr error
	)
	wg.Go(func() {
		out, err := e.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Cases"), Key: map[string]types.AttributeValue{"caseId": s(caseID)}, ConsistentRead: aws.Bool(true)})
		if caseErr = err; err == nil && out.Item != nil {
			var c Case
			caseErr = attributevalue.UnmarshalMap(out.Item, &c)
			kase = &c
		}
	})
	wg.Go(func() {
		var start map[string]types.AttributeValue
		for {
			out, err := e.db.Query(ctx, &dynamodb.QueryInput{
				TableName: aws.String("Messages"), KeyConditionExpression: aws.String("caseId = :c"),
				ExpressionAttributeValues: map[string]types.AttributeValue{":c": s(caseID)},
				ConsistentRead:            aws.Bool(true), ExclusiveStartKey: start,
			})
			if err != nil {
				threadErr = err
				return
			}
			for _, item := range out.Items {
				parts := strings.SplitN(str(item, "msgKey"), "#", 2)
				messages = append(messages, Message{ID: parts[1], Author: str(item, "author"), Body: str(item, "body"), SentAt: parts[0]})
			}
			if start = out.LastEvaluatedKey; start == nil {
				return
			}
		}
	})
	wg.Wait()
	return kase, messages, errors.Join(caseErr, threadErr)
}

// LookupLogin is pattern 4: one strongly consistent GetItem on Logins.
func (e entityTables) LookupLogin(ctx context.Context, email string) (Login, bool, error) {
	out, err := e.db.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("Logins"), Key: map[string]types.AttributeValue{"email": s(email)}, ConsistentRead: aws.Bool(true)})
	if err != nil || out.Item == nil {
		return Login{}, false, err
	}
	var l Login
	err = attributevalue.UnmarshalMap(out.Item, &l)
	return l, err == nil, err
}

// PostMessage is pattern 5: one conditional PutItem on Messages.
func (e entityTables) PostMessage(ctx context.Context, caseID, msgID, author, body string, sentAt time.Time) error {
	_, err := e.db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Messages"),
		Item:                map[string]types.AttributeValue{"caseId": s(caseID), "msgKey": s(sentAt.UTC().Format("2006-01-02T15:04:05.000Z") + "#" + msgID), "author": s(author), "body": s(body)},
		ConditionExpression: aws.String("attribute_not_exists(caseId)")})
	if _, ok := errors.AsType[*types.ConditionalCheckFailedException](err); ok {
		return fmt.Errorf("message %s on case %s: %w", msgID, caseID, ErrExists)
	}
	return err
}

// CreateAgent writes an agent and its login in one transaction across two tables.
func (e entityTables) CreateAgent(ctx context.Context, orgID, agentID, email, passwordHash string) error {
	_, err := e.db.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{TransactItems: []types.TransactWriteItem{
		{Put: &types.Put{TableName: aws.String("Agents"), Item: map[string]types.AttributeValue{"orgId": s(orgID), "agentId": s(agentID), "email": s(email)}, ConditionExpression: aws.String("attribute_not_exists(agentId)")}},
		{Put: &types.Put{TableName: aws.String("Logins"), Item: map[string]types.AttributeValue{"email": s(email), "orgId": s(orgID), "agentId": s(agentID), "passwordHash": s(passwordHash)}, ConditionExpression: aws.String("attribute_not_exists(email)")}},
	}})
	if tc, ok := errors.AsType[*types.TransactionCanceledException](err); ok {
		for _, r := range tc.CancellationReasons {
			if aws.ToString(r.Code) == "ConditionalCheckFailed" {
				return fmt.Errorf("agent %s or email %s: %w", agentID, email, ErrExists)
			}
		}
	}
	return err
}

// ── The demo ─────────────────────────────────────────────────────────────────

// simClock is the model's clock: it moves by requestMs per request and by the
// scenes' waits, and the program sleeps as long in real time. The model reads
// it to decide what an index shows, so those decisions never depend on the
// scheduler.
type simClock struct {
	mu  sync.Mutex
	now float64
}

func (c *simClock) Now() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) Sleep(ms float64) {
	c.mu.Lock()
	c.now += ms
	c.mu.Unlock()
	time.Sleep(time.Duration(ms * float64(time.Millisecond)))
}

var (
	clock = &simClock{}
	start = time.Now()
	ctx   = context.Background()
)

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int) int      { return min + int(r.next()*float64(max-min+1)) }
func (r *random) chance(p float64) bool      { return r.next() < p }
func (r *random) pick(items []string) string { return items[int(r.next()*float64(len(items)))] }

var rng = &random{state: seed}

// cost is what a run of requests cost, as the responses' ConsumedCapacity reports it.
type cost struct {
	requests                    int
	read, write, tableW, indexW float64
}

func (c cost) text() string {
	parts := []string{fmt.Sprintf("%d request", c.requests)}
	if c.requests != 1 {
		parts[0] += "s"
	}
	if c.read > 0 {
		parts = append(parts, num(c.read)+" RCU")
	}
	if c.write > 0 {
		parts = append(parts, num(c.write)+" WCU")
	}
	return strings.Join(parts, ", ")
}

func num(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

// meter is the client the code is given: it asks each request for its
// ConsumedCapacity (INDEXES), adds it up, takes requestMs and draws the
// request on its lane.
type meter struct {
	db        client
	lane      string
	mu        sync.Mutex
	c         cost
	lastError error
}

func (m *meter) measure(f func()) cost {
	m.mu.Lock()
	before := m.c
	m.mu.Unlock()
	f()
	m.mu.Lock()
	defer m.mu.Unlock()
	return cost{m.c.requests - before.requests, m.c.read - before.read, m.c.write - before.write, m.c.tableW - before.tableW, m.c.indexW - before.indexW}
}

func (m *meter) add(cc *types.ConsumedCapacity) {
	if cc == nil {
		return
	}
	m.c.read += aws.ToFloat64(cc.ReadCapacityUnits)
	m.c.write += aws.ToFloat64(cc.WriteCapacityUnits)
	if aws.ToFloat64(cc.WriteCapacityUnits) > 0 {
		if cc.Table != nil {
			m.c.tableW += aws.ToFloat64(cc.Table.CapacityUnits)
		}
		for _, ix := range cc.GlobalSecondaryIndexes {
			m.c.indexW += aws.ToFloat64(ix.CapacityUnits)
		}
	}
}

func (m *meter) begin(name string) *gfgtrace.Span {
	m.mu.Lock()
	m.c.requests++
	m.mu.Unlock()
	return gfgtrace.Begin(m.lane, name)
}

func (m *meter) end(sp *gfgtrace.Span, err error, ccs ...*types.ConsumedCapacity) {
	m.mu.Lock()
	for _, cc := range ccs {
		m.add(cc)
	}
	if err != nil {
		m.lastError = err
	}
	m.mu.Unlock()
	clock.Sleep(requestMs)
	if err != nil {
		var ae smithy.APIError
		name := "error"
		if errors.As(err, &ae) {
			name = ae.ErrorCode()
		}
		sp.EndDetail(gfgtrace.Error, name)
		return
	}
	sp.End(gfgtrace.OK)
}

func (m *meter) GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	sp := m.begin("GetItem " + aws.ToString(in.TableName))
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	out, err := m.db.GetItem(ctx, in, opts...)
	var cc *types.ConsumedCapacity
	if err == nil {
		cc = out.ConsumedCapacity
	}
	m.end(sp, err, cc)
	return out, err
}

func (m *meter) PutItem(ctx context.Context, in *dynamodb.PutItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	sp := m.begin("PutItem " + aws.ToString(in.TableName))
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	out, err := m.db.PutItem(ctx, in, opts...)
	var cc *types.ConsumedCapacity
	if err == nil {
		cc = out.ConsumedCapacity
	}
	m.end(sp, err, cc)
	return out, err
}

func (m *meter) TransactWriteItems(ctx context.Context, in *dynamodb.TransactWriteItemsInput, opts ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	sp := m.begin("TransactWriteItems")
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	out, err := m.db.TransactWriteItems(ctx, in, opts...)
	var ccs []*types.ConsumedCapacity
	if err == nil {
		for i := range out.ConsumedCapacity {
			ccs = append(ccs, &out.ConsumedCapacity[i])
		}
	}
	m.end(sp, err, ccs...)
	return out, err
}

func (m *meter) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	name := aws.ToString(in.TableName)
	if in.IndexName != nil {
		name = *in.IndexName
	}
	sp := m.begin("Query " + name)
	in.ReturnConsumedCapacity = types.ReturnConsumedCapacityIndexes
	out, err := m.db.Query(ctx, in, opts...)
	var cc *types.ConsumedCapacity
	if err == nil {
		cc = out.ConsumedCapacity
	}
	m.end(sp, err, cc)
	return out, err
}

// ── The helpdesk's data, the same for both layouts ───────────────────────────

var (
	subjects = []string{"Cannot log in", "Invoice shows the wrong VAT", "Export to CSV times out", "Webhook retries twice", "SSO certificate expired", "Password reset mail missing", "Dashboard loads slowly", "API returns 429"}
	bodies   = []string{"Could you take a look?", "It started this morning after the update.", "We see it for every user in the EU region.", "Attached the request ID: 7f3a-22c1.", "Thanks, that fixed it.", "Still happening on our side."}
	authors  = []string{"customer", "dana", "lee"}
	nov2025  = time.Date(2025, time.November, 1, 0, 0, 0, 0, time.UTC)
)

type agentPlan struct{ org, id, email string }
type casePlan struct {
	org string
	c   Case
}
type messagePlan struct {
	caseID, id, author, body string
	sentAt                   time.Time
}
type plan struct {
	orgs     []Org
	agents   []agentPlan
	cases    []casePlan
	messages []messagePlan
}

func mustTime(v string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		panic(err)
	}
	return t
}

func planHelpdesk() plan {
	p := plan{
		orgs:   []Org{{"acme", "Acme Corp", "pro"}, {"globex", "Globex", "starter"}},
		agents: []agentPlan{{"acme", "dana", "dana@acme.io"}, {"acme", "lee", "lee@acme.io"}, {"globex", "sam", "sam@globex.com"}},
		cases: []casePlan{
			{"acme", Case{"C-4790", "Export to CSV times out", "open", "2025-11-12T08:30Z"}},
			{"acme", Case{"C-4817", "Webhook retries twice", "open", "2025-11-19T10:04Z"}},
		},
		messages: []messagePlan{
			{"C-4817", "m-8f3c", "customer", "Every webhook arrives twice since Monday.", mustTime("2025-11-19T10:04:31.207Z")},
			{"C-4817", "m-9a1d", "dana", "Thanks, we can reproduce it and are on it.", mustTime("2025-11-19T11:15:02.950Z")},
		},
	}
	generated := func(org, id string) {
		opened := nov2025.Add(time.Duration(rng.intn(0, 27*1440)) * time.Minute)
		subject := rng.pick(subjects)
		status := "closed"
		if rng.chance(0.7) {
			status = "open"
		}
		p.cases = append(p.cases, casePlan{org, Case{id, subject, status, opened.Format("2006-01-02T15:04Z")}})
		count := rng.intn(0, 2)
		for range count {
			sentAt := opened.Add(time.Duration(rng.intn(1, 600))*time.Minute + time.Duration(rng.intn(0, 59_999))*time.Millisecond)
			msgID := fmt.Sprintf("m-%04x", rng.intn(0, 0xffff))
			author := rng.pick(authors)
			body := rng.pick(bodies)
			p.messages = append(p.messages, messagePlan{id, msgID, author, body, sentAt})
		}
	}
	for k := 1; k <= acmeCases-2; k++ {
		generated("acme", fmt.Sprintf("C-%d", 4700+k))
	}
	for k := 1; k <= 3; k++ {
		generated("globex", fmt.Sprintf("C-%d", 5000+k))
	}
	return p
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func loadOneTable(db API, p plan) {
	for _, org := range p.orgs {
		must(CreateOrg(ctx, db, tableName, org))
	}
	for _, a := range p.agents {
		must(CreateAgent(ctx, db, tableName, a.org, a.id, a.email, "hash-of-"+a.id))
	}
	for _, c := range p.cases {
		must(CreateCase(ctx, db, tableName, c.org, c.c, nil))
	}
	for _, m := range p.messages {
		must(PostMessage(ctx, db, tableName, m.caseID, m.id, m.author, m.body, m.sentAt))
	}
}

func loadManyTables(e entityTables, p plan) {
	for _, org := range p.orgs {
		must(e.CreateOrg(ctx, org))
	}
	for _, a := range p.agents {
		must(e.CreateAgent(ctx, a.org, a.id, a.email, "hash-of-"+a.id))
	}
	for _, c := range p.cases {
		must(e.CreateCase(ctx, c.org, c.c))
	}
	for _, m := range p.messages {
		must(e.PostMessage(ctx, m.caseID, m.id, m.author, m.body, m.sentAt))
	}
}

func str(item map[string]types.AttributeValue, name string) string {
	if v, ok := item[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func padRight(v string, n int) string {
	if k := utf8.RuneCountInString(v); k < n {
		return v + strings.Repeat(" ", n-k)
	}
	return v
}

func printRows(title string, items []map[string]types.AttributeValue, k0, k1 string, show int) {
	fmt.Println("  " + title)
	rows := items
	if len(items) > show {
		rows = append(append(slices.Clone(items[:show-2]), nil), items[len(items)-2:]...)
	}
	for _, item := range rows {
		if item == nil {
			fmt.Printf("    ... %d more\n", len(items)-show+2)
			continue
		}
		line := fmt.Sprintf("    %s %s %s", padRight(str(item, k0), 20), padRight(str(item, k1), 44), padRight(str(item, "Type"), 8))
		if k0 == "PK" {
			if str(item, "GSI1PK") != "" {
				line += fmt.Sprintf(" GSI1 %s / %s", str(item, "GSI1PK"), str(item, "GSI1SK"))
			}
		} else {
			line += fmt.Sprintf(" table %s / %s", str(item, "PK"), str(item, "SK"))
		}
		fmt.Println(line)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func main() {
	fmt.Println("Single-table design in DynamoDB: the helpdesk in one table")
	fmt.Printf("seed %d: %d cases for acme; GSI1 lags writes by %d ms; %d ms per request\n", seed, acmeCases, indexLagMs, requestMs)
	p := planHelpdesk()
	const table = tableName

	fmt.Println("\n1. the helpdesk in one table: PK and SK overloaded, GSI1 overloaded and sparse")
	model := newMemDB(clock.Now, indexLagMs)
	must(model.createTable(helpdeskTable(table)))
	db := &meter{db: model, lane: "one table"}
	loadCost := db.measure(func() { loadOneTable(db, p) })
	clock.Sleep(indexLagMs) // let GSI1 catch up with the writes
	items, indexes := model.counts(table)
	logf("loaded with the article's code: %d requests, %s WCU (%s table, %s GSI1; CreateAgent is a transaction: 2 units per item)", loadCost.requests, num(loadCost.write), num(loadCost.tableW), num(loadCost.indexW))
	logf("%d items in the table, %d in GSI1: only organisations and cases carry GSI1 keys", items, indexes["GSI1"])
	gfgtrace.Milestone("items in the table", items)
	gfgtrace.Milestone("items in GSI1", indexes["GSI1"])
	printRows("table, partition ORG#acme", model.collection(table, "ORG#acme"), "PK", "SK", math.MaxInt)
	printRows("table, partition EMAIL#dana@acme.io", model.collection(table, "EMAIL#dana@acme.io"), "PK", "SK", math.MaxInt)
	printRows("table, partition CASE#C-4817 (pattern 3 reads all of it)", model.collection(table, "CASE#C-4817"), "PK", "SK", math.MaxInt)
	printRows("GSI1, partition ORG#acme, in GSI1SK order (pattern 2 reads it backwards)", model.indexCollection(table, "GSI1", "ORG#acme"), "GSI1PK", "GSI1SK", 6)

	fmt.Println("\n2. each access pattern as one request, against one table per entity")
	other := newMemDB(clock.Now, indexLagMs)
	for _, t := range entityTableDefs() {
		must(other.createTable(t))
	}
	dbMany := &meter{db: other, lane: "table per entity"}
	many := entityTables{dbMany}
	loadManyCost := dbMany.measure(func() { loadManyTables(many, p) })
	clock.Sleep(indexLagMs)
	logf("the same data in five tables: %d requests, %s WCU", loadManyCost.requests, num(loadManyCost.write))
	when := mustTime("2025-11-19T11:20:00.000Z")
	type pattern struct {
		name      string
		one, many func() string
	}
	dash := func(org Org, cases []Case, err error) string {
		must(err)
		return fmt.Sprintf("%s + %d cases, newest %s", org.Name, len(cases), cases[0].ID)
	}
	opened := func(c *Case, messages []Message, err error) string {
		must(err)
		return fmt.Sprintf("%s + %d messages", c.Subject, len(messages))
	}
	signedIn := func(_ Login, found bool, err error) string {
		must(err)
		if found {
			return "found dana"
		}
		return "not found"
	}
	orgName := func(org Org, found bool, err error) string {
		must(err)
		if !found {
			return "none"
		}
		return org.Name
	}
	patterns := []pattern{
		{"1 org profile", func() string { return orgName(GetOrg(ctx, db, table, "acme")) }, func() string { return orgName(many.GetOrg(ctx, "acme")) }},
		{"2 dashboard", func() string { return dash(Dashboard(ctx, db, table, "acme", dashboardCases)) }, func() string { return dash(many.Dashboard(ctx, "acme", dashboardCases)) }},
		{"3 open a case", func() string { return opened(OpenCase(ctx, db, table, "C-4817")) }, func() string { return opened(many.OpenCase(ctx, "C-4817")) }},
		{"4 sign in", func() string { return signedIn(LookupLogin(ctx, db, table, "dana@acme.io")) }, func() string { return signedIn(many.LookupLogin(ctx, "dana@acme.io")) }},
		{"5 post a message", func() string {
			must(PostMessage(ctx, db, table, "C-4817", "m-a7e2", "lee", "Fix deployed, please confirm.", when))
			return "posted"
		}, func() string {
			must(many.PostMessage(ctx, "C-4817", "m-a7e2", "lee", "Fix deployed, please confirm.", when))
			return "posted"
		}},
	}
	fmt.Printf("  %s%s%sresult\n", padRight("pattern", 18), padRight("one table", 28), padRight("one table per entity", 28))
	sameResults := true
	var moreRequests []string
	for _, pt := range patterns {
		var a, b string
		costOne := db.measure(func() { a = pt.one() })
		costMany := dbMany.measure(func() { b = pt.many() })
		sameResults = sameResults && a == b
		if costMany.requests > costOne.requests {
			moreRequests = append(moreRequests, pt.name[:1])
		}
		result := a
		if a != b {
			result = a + " / " + b
		}
		fmt.Printf("  %s%s%s%s\n", padRight(pt.name, 18), padRight(costOne.text(), 28), padRight(costMany.text(), 28), result)
		gfgtrace.Milestone("one table: "+pt.name, costOne.text())
		gfgtrace.Milestone("one table per entity: "+pt.name, costMany.text())
	}
	logf("both layouts return the same results: %v; with a table per entity, patterns %s send two requests in parallel: one round trip of waiting, two requests paid", sameResults, strings.Join(moreRequests, " and "))
	gfgtrace.Milestone("both layouts return the same results", sameResults)

	fmt.Println("\n3. messages cannot overwrite each other")
	// The key the article used to print: MSG#<minute>, written without a condition.
	for i, t := range []string{"2025-11-19T12:00:05.000Z", "2025-11-19T12:00:41.000Z"} {
		_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
			"PK": s("CASE#C-4790"), "SK": s("MSG#" + t[:16] + "Z"), "Type": s("Message"), "author": s("customer"), "body": s(fmt.Sprintf("message %d", i+1)),
		}})
		must(err)
	}
	countPrefix := func(pk, prefix string) int {
		n := 0
		for _, item := range model.collection(table, pk) {
			if strings.HasPrefix(str(item, "SK"), prefix) {
				n++
			}
		}
		return n
	}
	oldKept := countPrefix("CASE#C-4790", "MSG#2025-11-19T12:00Z")
	logf("SK = MSG#<minute>, no condition: 2 messages in one minute, %d kept; PutItem replaced the first and reported success", oldKept)
	sameMilli := mustTime("2025-11-19T12:30:00.000Z")
	must(PostMessage(ctx, db, table, "C-4790", "m-0001", "customer", "first", sameMilli))
	must(PostMessage(ctx, db, table, "C-4790", "m-0002", "dana", "second", sameMilli))
	newKept := countPrefix("CASE#C-4790", "MSG#2025-11-19T12:30:00.000Z#")
	logf("SK = MSG#<sent-at>#<msg-id>, attribute_not_exists(PK): 2 messages in one millisecond, %d kept", newKept)
	err := PostMessage(ctx, db, table, "C-4790", "m-0001", "customer", "first, retried", sameMilli)
	retryRefused := errors.Is(err, ErrExists)
	logf("posting m-0001 again: %s", errText(err))
	gfgtrace.Milestone("same-minute messages kept with MSG#<minute>", oldKept)
	gfgtrace.Milestone("same-millisecond messages kept with MSG#<sent-at>#<msg-id>", newKept)
	gfgtrace.Milestone("a reused message key is refused", retryRefused)

	fmt.Println("\n4. one email address, one agent")
	reasons := ""
	if err := CreateAgent(ctx, db, table, "acme", "kim", "dana@acme.io", "hash-of-kim"); err != nil {
		logf("CreateAgent(kim, dana@acme.io): %s, errors.Is(err, ErrExists) = %v", errText(err), errors.Is(err, ErrExists))
		if tc, ok := errors.AsType[*types.TransactionCanceledException](db.lastError); ok {
			var codes []string
			for _, r := range tc.CancellationReasons {
				codes = append(codes, aws.ToString(r.Code))
			}
			reasons = strings.Join(codes, ", ")
			logf("  DynamoDB said: %s", aws.ToString(tc.Message))
		}
	}
	kimWritten := countPrefix("ORG#acme", "AGENT#kim")
	logf("the login's condition failed, so the transaction was cancelled: agent items for kim written: %d", kimWritten)
	gfgtrace.Milestone("duplicate email: cancellation reasons", reasons)
	gfgtrace.Milestone("duplicate email: agent items written", kimWritten)

	fmt.Println("\n5. what an eventually consistent index shows right after a write")
	// The design the article used to print signed agents in through an index on email.
	v1 := helpdeskTable("HelpdeskV1")
	v1.GlobalSecondaryIndexes = append(v1.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
		IndexName: aws.String("ByEmail"), KeySchema: []types.KeySchemaElement{keyElem("email", types.KeyTypeHash)},
		Projection: &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly},
	})
	must(model.createTable(v1))
	must(CreateAgent(ctx, db, "HelpdeskV1", "acme", "kim", "kim@acme.io", "hash-of-kim"))
	byEmail := func() bool {
		out, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String("HelpdeskV1"), IndexName: aws.String("ByEmail"),
			KeyConditionExpression: aws.String("email = :e"), ExpressionAttributeValues: map[string]types.AttributeValue{":e": s("kim@acme.io")}})
		must(err)
		return out.Count > 0
	}
	_, strong, err := LookupLogin(ctx, db, "HelpdeskV1", "kim@acme.io")
	must(err)
	viaIndex := byEmail()
	found := func(b bool) string {
		if b {
			return "found"
		}
		return "not found"
	}
	logf("%d ms after CreateAgent(kim): GetItem on EMAIL#kim@acme.io, strongly consistent: %s; the ByEmail index: %s", requestMs*2, found(strong), found(viaIndex))
	gfgtrace.Instant("one table", "GSI lag", gfgtrace.Warn)
	clock.Sleep(indexLagMs)
	viaIndexLater := byEmail()
	logf("%d ms later the index has it: %s", indexLagMs, found(viaIndexLater))
	must(CreateCase(ctx, db, table, "acme", Case{"C-4901", "New case", "open", "2025-11-30T09:00Z"}, nil))
	newest := func() string {
		_, cases, err := Dashboard(ctx, db, table, "acme", dashboardCases)
		must(err)
		return cases[0].ID
	}
	newestNow := newest()
	clock.Sleep(indexLagMs)
	newestLater := newest()
	logf("dashboard right after opening C-4901: newest %s; %d ms later: newest %s", newestNow, indexLagMs, newestLater)
	gfgtrace.Milestone("sign-in right after CreateAgent: GetItem finds the login", strong)
	gfgtrace.Milestone("sign-in right after CreateAgent: the email index finds it", viaIndex)
	gfgtrace.Milestone("the email index finds it after the lag", viaIndexLater)
	gfgtrace.Milestone("dashboard right after a new case: newest", newestNow)
	gfgtrace.Milestone("dashboard after the lag: newest", newestLater)

	fmt.Println("\n6. the dashboard's key range, bounded on both sides")
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
		"PK": s("ORG#acme"), "SK": s("SETTINGS"), "Type": s("Settings"), "GSI1PK": s("ORG#acme"), "GSI1SK": s("SETTINGS")}})
	must(err)
	clock.Sleep(indexLagMs)
	// A lower bound alone, as in the article's first version: GSI1SK >= "CASE#", descending, Limit n+1.
	lower, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND GSI1SK >= :from"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("ORG#acme"), ":from": s("CASE#")},
		ScanIndexForward:          aws.Bool(false), Limit: aws.Int32(dashboardCases + 1)})
	must(err)
	countType := func(items []map[string]types.AttributeValue, kind string) int {
		n := 0
		for _, item := range items {
			if str(item, "Type") == kind {
				n++
			}
		}
		return n
	}
	lowerCases := countType(lower.Items, "Case")
	logf("GSI1SK >= CASE#: first item %s, then %d cases: SETTINGS took a slot and nothing says so", str(lower.Items[0], "Type"), lowerCases)
	_, bounded, err := Dashboard(ctx, db, table, "acme", dashboardCases)
	must(err)
	logf("GSI1SK BETWEEN CASE# AND PROFILE: the profile and %d cases; SETTINGS is out of range", len(bounded))
	_, err = db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: map[string]types.AttributeValue{
		"PK": s("ORG#acme"), "SK": s("INVOICE#2025-11"), "Type": s("Invoice"), "GSI1PK": s("ORG#acme"), "GSI1SK": s("INVOICE#2025-11")}})
	must(err)
	clock.Sleep(indexLagMs)
	invoiceError := ""
	if _, _, err := Dashboard(ctx, db, table, "acme", dashboardCases); err != nil {
		invoiceError = err.Error()
		logf("an INVOICE# item sorts between the bounds: %s", invoiceError)
	}
	gfgtrace.Milestone("lower bound only: cases shown", lowerCases)
	gfgtrace.Milestone("BETWEEN: cases shown", len(bounded))
	gfgtrace.Milestone("an item type between the bounds is reported", strings.Contains(invoiceError, `"Invoice"`))

	fmt.Printf("\n7. the dashboard pages: cases of %d KB fill a 1 MB page before the Limit\n", bigCaseKB)
	must(CreateOrg(ctx, db, table, Org{"initech", "Initech", "enterprise"}))
	for k := 1; k <= 5; k++ {
		must(CreateCase(ctx, db, table, "initech", Case{fmt.Sprintf("C-60%d", k), "TPS report", "open", fmt.Sprintf("2025-11-0%dT09:00Z", k)},
			map[string]string{"description": strings.Repeat("x", bigCaseKB*1024-200)}))
	}
	clock.Sleep(indexLagMs)
	var bigCases []Case
	bigCost := db.measure(func() {
		_, bigCases, err = Dashboard(ctx, db, table, "initech", dashboardCases)
		must(err)
	})
	firstPage, err := db.Query(ctx, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("GSI1"),
		KeyConditionExpression:    aws.String("GSI1PK = :pk AND GSI1SK BETWEEN :from AND :to"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":pk": s("ORG#initech"), ":from": s("CASE#"), ":to": s("PROFILE")},
		ScanIndexForward:          aws.Bool(false), Limit: aws.Int32(dashboardCases + 1)})
	must(err)
	onePageCases := countType(firstPage.Items, "Case")
	logf("one request with Limit %d returns the profile and %d cases, and a LastEvaluatedKey", dashboardCases+1, onePageCases)
	logf("the article's loop: %d cases in %s", len(bigCases), bigCost.text())
	gfgtrace.Milestone("big cases: cases on the first page", onePageCases)
	gfgtrace.Milestone("big cases: dashboard", fmt.Sprintf("%d cases, %s", len(bigCases), bigCost.text()))

	fmt.Println("\n8. who pays for the index: messages outside GSI1, or inside it")
	must(model.createTable(helpdeskTable("Tempting")))
	outside := db.measure(func() {
		for k := range messagesForCost {
			must(PostMessage(ctx, db, table, "C-4817", fmt.Sprintf("m-c%d", k), "dana", "Still on it.", time.Date(2025, time.November, 20, 9, k, 0, 0, time.UTC)))
		}
	})
	inside := db.measure(func() {
		for k := range messagesForCost {
			sk := fmt.Sprintf("MSG#%s#m-c%d", time.Date(2025, time.November, 20, 9, k, 0, 0, time.UTC).Format("2006-01-02T15:04:05.000Z"), k)
			_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String("Tempting"), Item: map[string]types.AttributeValue{
				"PK": s("ORG#acme"), "SK": s(sk), "Type": s("Message"), "author": s("dana"), "body": s("Still on it."),
				"GSI1PK": s("CASE#C-4817"), "GSI1SK": s(sk)}, ConditionExpression: aws.String("attribute_not_exists(PK)")})
			must(err)
		}
	})
	logf("%d messages with no GSI1 keys: %s WCU (%s table, %s index)", messagesForCost, num(outside.write), num(outside.tableW), num(outside.indexW))
	logf("%d messages copied into GSI1 under their case: %s WCU (%s table, %s index)", messagesForCost, num(inside.write), num(inside.tableW), num(inside.indexW))
	gfgtrace.Milestone("messages outside GSI1: WCU", outside.write)
	gfgtrace.Milestone("messages inside GSI1: WCU", inside.write)

	fmt.Println("\nsummary")
	fmt.Printf("  one table             every access pattern is one request; patterns %s take two with a table per entity\n", strings.Join(moreRequests, " and "))
	fmt.Printf("  message keys          MSG#<sent-at>#<msg-id> + attribute_not_exists: %d of 2 kept (the bare minute kept %d)\n", newKept, oldKept)
	fmt.Printf("  unique email          the transaction is cancelled as a whole (%s): %d agent items written\n", reasons, kimWritten)
	through := "missed"
	if viaIndex {
		through = "found"
	}
	fmt.Printf("  sign-in               strongly consistent GetItem: %s; through an index: %s until it caught up\n", map[bool]string{true: "found at once", false: "missed"}[strong], through)
	fmt.Printf("  dashboard range       BETWEEN CASE# AND PROFILE: %d cases; a lower bound alone: %d\n", len(bounded), lowerCases)
	fmt.Printf("  dashboard paging      %d large cases in %d requests; one request shows %d\n", len(bigCases), bigCost.requests, onePageCases)
	fmt.Printf("  index writes          %s WCU for %d messages outside GSI1, %s inside it\n", num(outside.write), messagesForCost, num(inside.write))
}

// ── memDB: an in-memory DynamoDB (dynamodb.ts) ───────────────────────────────
//
// Tables with a partition key and an optional sort key, global secondary
// indexes, GetItem, PutItem, TransactWriteItems and Query, with paging and
// capacity as the DynamoDB Developer Guide describes them. Each rule names the
// guide's page it comes from ("Guide:"); what the guide leaves open, the model
// decides and says so ("Model:"). Key attributes are strings; conditions are
// attribute_exists and attribute_not_exists joined by AND.

const (
	pageBytes    = 1 << 20    // Guide, "Query": one Query returns at most 1 MB of data read
	maxItemBytes = 400 * 1024 // Guide, "Service quotas": an item is at most 400 KB
)

func validation(format string, args ...any) error {
	return &smithy.GenericAPIError{Code: "ValidationException", Message: fmt.Sprintf(format, args...)}
}

// itemSize follows Guide, "Item sizes and formats": a string is its name's
// UTF-8 bytes plus its value's; a number is its name plus about one byte per
// two significant digits plus one.
func itemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name)
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			n += len(v.Value)
		case *types.AttributeValueMemberN:
			d := strings.TrimLeft(v.Value, "+-")
			d = strings.TrimLeft(d, "0")
			if strings.HasPrefix(d, ".") {
				d = strings.TrimLeft(d[1:], "0")
			}
			d = strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r
				}
				return -1
			}, d)
			d = strings.TrimRight(d, "0")
			n += (len(d)+1)/2 + 1
		default:
			panic(fmt.Sprintf("itemSize: unsupported %T", v))
		}
	}
	return n
}

// readUnits: Guide, "Read and write operations": reads are rounded up to
// 4 KB; one unit strongly consistent, half eventually consistent. A read of an
// item that does not exist, and a Query that reads nothing, still consume the
// minimum.
func readUnits(size int, consistent bool) float64 {
	units := max(1, math.Ceil(float64(size)/4096))
	if !consistent {
		units /= 2
	}
	return units
}

// writeUnits: Guide, "Read and write operations": writes are rounded up to
// 1 KB, one unit per KB, at least one.
func writeUnits(size int) float64 { return max(1, math.Ceil(float64(size)/1024)) }

type token struct{ kind, text string } // kind: name, value, word, op, punct

func isWordByte(c byte, dot bool) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || dot && c == '.'
}

func tokenize(expr string) ([]token, error) {
	var tokens []token
	for i := 0; i < len(expr); {
		c := expr[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#' || c == ':':
			j := i + 1
			for j < len(expr) && isWordByte(expr[j], false) {
				j++
			}
			if j == i+1 {
				return nil, validation("Invalid expression: Syntax error; token: %q, near: %q", expr[i:i+1], expr)
			}
			kind := "name"
			if c == ':' {
				kind = "value"
			}
			tokens = append(tokens, token{kind, expr[i:j]})
			i = j
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(expr) && isWordByte(expr[j], true) {
				j++
			}
			tokens = append(tokens, token{"word", expr[i:j]})
			i = j
		case c == '<' || c == '>' || c == '=':
			j := i + 1
			if j < len(expr) && (expr[j] == '=' && c != '=' || c == '<' && expr[j] == '>') {
				j++
			}
			tokens = append(tokens, token{"op", expr[i:j]})
			i = j
		case c == '(' || c == ')' || c == ',':
			tokens = append(tokens, token{"punct", expr[i : i+1]})
			i++
		default:
			return nil, validation("Invalid expression: Syntax error; token: %q, near: %q", expr[i:i+1], expr)
		}
	}
	return tokens, nil
}

// placeholders checks Guide, "Expression attribute names" and "Expression
// attribute values": every #name and :value used must be defined, and every
// one defined must be used.
type placeholders struct {
	names      map[string]string
	values     map[string]types.AttributeValue
	usedNames  map[string]bool
	usedValues map[string]bool
}

func newPlaceholders(names map[string]string, values map[string]types.AttributeValue) *placeholders {
	return &placeholders{names, values, map[string]bool{}, map[string]bool{}}
}

func (p *placeholders) name(t token) (string, error) {
	if t.kind == "word" {
		return t.text, nil
	}
	name, ok := p.names[t.text]
	if !ok {
		return "", validation("Value provided in ExpressionAttributeNames unused in expressions or undefined: An expression attribute name used in the document path is not defined; attribute name: %s", t.text)
	}
	p.usedNames[t.text] = true
	return name, nil
}

func (p *placeholders) value(t token) (types.AttributeValue, error) {
	v, ok := p.values[t.text]
	if !ok {
		return nil, validation("Invalid expression: An expression attribute value used in expression is not defined; attribute value: %s", t.text)
	}
	p.usedValues[t.text] = true
	return v, nil
}

func (p *placeholders) checkAllUsed() error {
	var names, values []string
	for k := range p.names {
		if !p.usedNames[k] {
			names = append(names, k)
		}
	}
	for k := range p.values {
		if !p.usedValues[k] {
			values = append(values, k)
		}
	}
	slices.Sort(names)
	slices.Sort(values)
	if len(names) > 0 {
		return validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {%s}", strings.Join(names, ", "))
	}
	if len(values) > 0 {
		return validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {%s}", strings.Join(values, ", "))
	}
	return nil
}

type cursor struct {
	tokens []token
	i      int
	expr   string
}

func (c *cursor) done() bool { return c.i >= len(c.tokens) }

func (c *cursor) next() (token, error) {
	if c.done() {
		return token{}, validation("Invalid expression: Syntax error; token: <EOF>, near: %q", c.expr)
	}
	c.i++
	return c.tokens[c.i-1], nil
}

func (c *cursor) expect(text string) error {
	t, err := c.next()
	if err == nil && !strings.EqualFold(t.text, text) {
		err = validation("Invalid expression: Syntax error; token: %q, near: %q", t.text, c.expr)
	}
	return err
}

func (c *cursor) path() (token, error) {
	t, err := c.next()
	if err == nil && t.kind != "name" && t.kind != "word" {
		err = validation("Invalid expression: Syntax error; token: %q, near: %q", t.text, c.expr)
	}
	return t, err
}

// sortCond is one condition on a sort key: =, <, <=, >, >=, BETWEEN or begins_with.
type sortCond struct {
	op            string
	value, lo, hi string
}

func stringOf(v types.AttributeValue, attr string) (string, error) {
	// Guide, "Key condition expressions": the values must have the key attribute's type.
	sv, ok := v.(*types.AttributeValueMemberS)
	if !ok {
		return "", validation("One or more parameter values were invalid: Condition parameter type does not match schema type for %s", attr)
	}
	return sv.Value, nil
}

// parseKeyCondition: Guide, "Key condition expressions for the Query
// operation": an equality condition on the partition key, and optionally one
// condition on the sort key (=, <, <=, >, >=, BETWEEN a AND b with both ends
// included, or begins_with), joined by AND.
func parseKeyCondition(expr string, p *placeholders, pkName, skName string) (string, *sortCond, error) {
	tokens, err := tokenize(expr)
	if err != nil {
		return "", nil, err
	}
	c := &cursor{tokens: tokens, expr: expr}
	type term struct {
		attr string
		cond sortCond
	}
	var terms []term
	for {
		first, err := c.next()
		if err != nil {
			return "", nil, err
		}
		if first.kind == "word" && first.text == "begins_with" {
			if err := c.expect("("); err != nil {
				return "", nil, err
			}
			pt, err := c.path()
			if err != nil {
				return "", nil, err
			}
			attr, err := p.name(pt)
			if err != nil {
				return "", nil, err
			}
			if err := c.expect(","); err != nil {
				return "", nil, err
			}
			vt, err := c.next()
			if err != nil {
				return "", nil, err
			}
			v, err := p.value(vt)
			if err != nil {
				return "", nil, err
			}
			prefix, err := stringOf(v, attr)
			if err != nil {
				return "", nil, err
			}
			if err := c.expect(")"); err != nil {
				return "", nil, err
			}
			terms = append(terms, term{attr, sortCond{op: "begins_with", value: prefix}})
		} else {
			if first.kind != "name" && first.kind != "word" {
				return "", nil, validation("Invalid KeyConditionExpression: Syntax error; token: %q, near: %q", first.text, expr)
			}
			attr, err := p.name(first)
			if err != nil {
				return "", nil, err
			}
			op, err := c.next()
			if err != nil {
				return "", nil, err
			}
			operand := func() (string, error) {
				vt, err := c.next()
				if err != nil {
					return "", err
				}
				v, err := p.value(vt)
				if err != nil {
					return "", err
				}
				return stringOf(v, attr)
			}
			switch {
			case op.kind == "word" && strings.EqualFold(op.text, "BETWEEN"):
				lo, err := operand()
				if err != nil {
					return "", nil, err
				}
				if err := c.expect("AND"); err != nil {
					return "", nil, err
				}
				hi, err := operand()
				if err != nil {
					return "", nil, err
				}
				// Guide, "Key condition expressions": BETWEEN needs lower <= upper.
				if lo > hi {
					return "", nil, validation("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {S:%s}, upper bound operand: AttributeValue: {S:%s}", lo, hi)
				}
				terms = append(terms, term{attr, sortCond{op: "BETWEEN", lo: lo, hi: hi}})
			case op.kind == "op" && op.text != "<>":
				v, err := operand()
				if err != nil {
					return "", nil, err
				}
				terms = append(terms, term{attr, sortCond{op: op.text, value: v}})
			default:
				return "", nil, validation("Invalid KeyConditionExpression: Syntax error; token: %q, near: %q", op.text, expr)
			}
		}
		if c.done() {
			break
		}
		if err := c.expect("AND"); err != nil {
			return "", nil, err
		}
	}
	var onPartition, onSort []term
	for _, t := range terms {
		switch t.attr {
		case pkName:
			onPartition = append(onPartition, t)
		case skName:
			onSort = append(onSort, t)
		default:
			return "", nil, validation("Query condition missed key schema element: %s is not a key attribute", t.attr)
		}
	}
	if len(onPartition) != 1 {
		return "", nil, validation("Query condition missed key schema element: %s", pkName)
	}
	if onPartition[0].cond.op != "=" {
		return "", nil, validation("Query key condition not supported")
	}
	if len(onSort) > 1 {
		return "", nil, validation("KeyConditionExpressions must only contain one condition per key")
	}
	var sc *sortCond
	if len(onSort) == 1 {
		sc = &onSort[0].cond
	}
	return onPartition[0].cond.value, sc, nil
}

func matches(sk string, hasSK bool, c *sortCond) bool {
	if c == nil {
		return true
	}
	if !hasSK {
		return false
	}
	switch c.op {
	case "=":
		return sk == c.value
	case "<":
		return sk < c.value
	case "<=":
		return sk <= c.value
	case ">":
		return sk > c.value
	case ">=":
		return sk >= c.value
	case "BETWEEN":
		return sk >= c.lo && sk <= c.hi
	default: // begins_with
		return strings.HasPrefix(sk, c.value)
	}
}

// conditionHolds: Guide, "Condition expressions": attribute_exists(path) and
// attribute_not_exists(path), joined by AND, checked against the item that has
// the written item's primary key, if there is one.
func conditionHolds(expr string, p *placeholders, existing map[string]types.AttributeValue) (bool, error) {
	tokens, err := tokenize(expr)
	if err != nil {
		return false, err
	}
	c := &cursor{tokens: tokens, expr: expr}
	holds := true
	for {
		fn, err := c.next()
		if err != nil {
			return false, err
		}
		if fn.kind != "word" || fn.text != "attribute_exists" && fn.text != "attribute_not_exists" {
			return false, validation("Invalid ConditionExpression: this model supports attribute_exists and attribute_not_exists only; token: %q", fn.text)
		}
		if err := c.expect("("); err != nil {
			return false, err
		}
		pt, err := c.path()
		if err != nil {
			return false, err
		}
		attr, err := p.name(pt)
		if err != nil {
			return false, err
		}
		if err := c.expect(")"); err != nil {
			return false, err
		}
		_, present := existing[attr]
		if fn.text == "attribute_exists" {
			holds = holds && present
		} else {
			holds = holds && !present
		}
		if c.done() {
			return holds, nil
		}
		if err := c.expect("AND"); err != nil {
			return false, err
		}
	}
}

type row struct {
	pk, sk string
	item   map[string]types.AttributeValue
}

type indexRow struct {
	pk, sk, tpk, tsk string
	entry            map[string]types.AttributeValue
}

// compareIndexRows orders index entries by index sort key, then by the table's
// key (Model: the order of entries with equal index keys).
func compareIndexRows(a, b indexRow) int {
	return cmpOr(strings.Compare(a.sk, b.sk), strings.Compare(a.tpk, b.tpk), strings.Compare(a.tsk, b.tsk))
}

func cmpOr(vals ...int) int {
	for _, v := range vals {
		if v != 0 {
			return v
		}
	}
	return 0
}

type pendingWrite struct {
	at    float64
	apply func()
}

type indexState struct {
	name, pkName, skName string
	projection           types.Projection
	partitions           map[string][]indexRow
	pending              []pendingWrite
}

type tableState struct {
	name, pkName, skName string
	partitions           map[string][]row
	indexes              []*indexState
}

// memDB is one account's tables in memory. Base-table reads always see the
// latest write (Model: a real eventually consistent read usually does, and may
// not; a strongly consistent one always does, Guide "Read consistency"). Index
// reads see writes lag milliseconds old: Guide, "Global secondary indexes": an
// index is updated asynchronously (Model: after exactly lag).
type memDB struct {
	mu     sync.Mutex
	tables map[string]*tableState
	now    func() float64
	lag    float64
	// charged is the capacity charged to each table, failed conditional writes
	// included, which return no ConsumedCapacity: what the bill sees.
	charged map[string]*charge
}

type charge struct{ read, write float64 }

func newMemDB(now func() float64, lagMs float64) *memDB {
	return &memDB{tables: map[string]*tableState{}, now: now, lag: lagMs, charged: map[string]*charge{}}
}

func (m *memDB) charge(table string, read, write float64) {
	c := m.charged[table]
	if c == nil {
		c = &charge{}
		m.charged[table] = c
	}
	c.read += read
	c.write += write
}

func keySchema(schema []types.KeySchemaElement, what string) (string, string, error) {
	var hash, rng []string
	for _, k := range schema {
		switch k.KeyType {
		case types.KeyTypeHash:
			hash = append(hash, aws.ToString(k.AttributeName))
		case types.KeyTypeRange:
			rng = append(rng, aws.ToString(k.AttributeName))
		}
	}
	if len(hash) != 1 || len(rng) > 1 || len(schema) != len(hash)+len(rng) {
		return "", "", validation("%s: a key schema has one HASH key and at most one RANGE key", what)
	}
	if len(rng) == 0 {
		return hash[0], "", nil
	}
	return hash[0], rng[0], nil
}

func (m *memDB) createTable(in *dynamodb.CreateTableInput) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	name := aws.ToString(in.TableName)
	if _, ok := m.tables[name]; ok {
		return validation("Table already exists: %s", name)
	}
	pk, sk, err := keySchema(in.KeySchema, name)
	if err != nil {
		return err
	}
	// Guide, "Service quotas": 20 global secondary indexes per table by default.
	if len(in.GlobalSecondaryIndexes) > 20 {
		return validation("A table can have at most 20 global secondary indexes")
	}
	t := &tableState{name: name, pkName: pk, skName: sk, partitions: map[string][]row{}}
	for _, g := range in.GlobalSecondaryIndexes {
		ipk, isk, err := keySchema(g.KeySchema, aws.ToString(g.IndexName))
		if err != nil {
			return err
		}
		t.indexes = append(t.indexes, &indexState{name: aws.ToString(g.IndexName), pkName: ipk, skName: isk, projection: *g.Projection, partitions: map[string][]indexRow{}})
	}
	m.tables[name] = t
	return nil
}

func (m *memDB) table(name *string) (*tableState, error) {
	t, ok := m.tables[aws.ToString(name)]
	if !ok {
		return nil, &types.ResourceNotFoundException{Message: aws.String("Requested resource not found: Table: " + aws.ToString(name) + " not found")}
	}
	return t, nil
}

func (m *memDB) index(t *tableState, name string) *indexState {
	for _, ix := range t.indexes {
		if ix.name == name {
			return ix
		}
	}
	return nil
}

// keyOf returns the primary key of key (or of an item), checked against the schema.
func keyOf(t *tableState, key map[string]types.AttributeValue, exact bool) (string, string, error) {
	part, okP := key[t.pkName]
	sort, okS := key[t.skName]
	want := 2
	if t.skName == "" {
		want, okS = 1, true
	}
	if !okP || !okS || exact && len(key) != want {
		return "", "", validation("The provided key element does not match the schema")
	}
	str := func(v types.AttributeValue, name string) (string, error) {
		value, err := stringOf(v, name)
		// Guide, "Supported data types": key attributes of type String cannot be empty.
		if err == nil && value == "" {
			err = validation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: %s", name)
		}
		return value, err
	}
	pk, err := str(part, t.pkName)
	if err != nil || t.skName == "" {
		return pk, "", err
	}
	sk, err := str(sort, t.skName)
	return pk, sk, err
}

func find(t *tableState, pk, sk string) ([]row, int, bool) {
	rows := t.partitions[pk]
	i, found := slices.BinarySearchFunc(rows, sk, func(r row, sk string) int { return strings.Compare(r.sk, sk) })
	return rows, i, found
}

// catchUp applies the index writes that are old enough to be visible now.
func (m *memDB) catchUp(ix *indexState) {
	now := m.now()
	for len(ix.pending) > 0 && ix.pending[0].at <= now {
		w := ix.pending[0]
		ix.pending = ix.pending[1:]
		w.apply()
	}
}

// entryOf returns the index entry of item, nil when it lacks an index key:
// Guide, "Global secondary indexes": an item appears in an index only if it
// has the index's key attributes (a sparse index).
func entryOf(t *tableState, ix *indexState, item map[string]types.AttributeValue) map[string]types.AttributeValue {
	if _, ok := item[ix.pkName]; !ok {
		return nil
	}
	if _, ok := item[ix.skName]; ix.skName != "" && !ok {
		return nil
	}
	entry := map[string]types.AttributeValue{}
	if ix.projection.ProjectionType == types.ProjectionTypeAll {
		for k, v := range item {
			entry[k] = v
		}
		return entry
	}
	// Guide, "Projections": the table's and the index's keys are always projected.
	keep := []string{t.pkName, t.skName, ix.pkName, ix.skName}
	if ix.projection.ProjectionType == types.ProjectionTypeInclude {
		keep = append(keep, ix.projection.NonKeyAttributes...)
	}
	for _, k := range keep {
		if v, ok := item[k]; ok && k != "" {
			entry[k] = v
		}
	}
	return entry
}

// write stores item (old is the item it replaces, if any) and queues the
// index updates; it returns the table's write units and each index's.
func (m *memDB) write(t *tableState, pk, sk string, item, old map[string]types.AttributeValue) (float64, map[string]float64) {
	rows, i, found := find(t, pk, sk)
	if found {
		rows[i] = row{pk, sk, item}
	} else {
		t.partitions[pk] = slices.Insert(rows, i, row{pk, sk, item})
	}
	// Guide, "Read and write operations": a put is charged for the larger of the old and the new item.
	oldSize := 0
	if old != nil {
		oldSize = itemSize(old)
	}
	tableUnits := writeUnits(max(oldSize, itemSize(item)))
	indexUnits := map[string]float64{}
	for _, ix := range t.indexes {
		var before map[string]types.AttributeValue
		if old != nil {
			before = entryOf(t, ix, old)
		}
		after := entryOf(t, ix, item)
		// Guide, "Provisioned throughput considerations for global secondary
		// indexes" (writes): adding an entry is one index write, removing one is
		// one, changing an index key is two (a delete and a put), updating an
		// entry in place is one; no entry before or after, none.
		var units float64
		switch {
		case before != nil && after != nil:
			if str(before, ix.pkName) != str(after, ix.pkName) || str(before, ix.skName) != str(after, ix.skName) {
				units = writeUnits(itemSize(before)) + writeUnits(itemSize(after))
			} else {
				units = writeUnits(itemSize(after))
			}
		case before != nil:
			units = writeUnits(itemSize(before))
		case after != nil:
			units = writeUnits(itemSize(after))
		}
		if units > 0 {
			indexUnits[ix.name] = units
		}
		if before == nil && after == nil {
			continue
		}
		ix.pending = append(ix.pending, pendingWrite{at: m.now() + m.lag, apply: func() {
			if before != nil {
				key := indexRow{sk: str(before, ix.skName), tpk: pk, tsk: sk}
				list := ix.partitions[str(before, ix.pkName)]
				if j, ok := slices.BinarySearchFunc(list, key, compareIndexRows); ok {
					ix.partitions[str(before, ix.pkName)] = slices.Delete(list, j, j+1)
				}
			}
			if after != nil {
				ipk := str(after, ix.pkName)
				r := indexRow{pk: ipk, sk: str(after, ix.skName), tpk: pk, tsk: sk, entry: after}
				list := ix.partitions[ipk]
				j, _ := slices.BinarySearchFunc(list, r, compareIndexRows)
				ix.partitions[ipk] = slices.Insert(list, j, r)
			}
		}})
		m.catchUp(ix)
	}
	return tableUnits, indexUnits
}

func checkItem(t *tableState, item map[string]types.AttributeValue) (string, string, error) {
	pk, sk, err := keyOf(t, item, false)
	if err != nil {
		return "", "", err
	}
	if itemSize(item) > maxItemBytes {
		return "", "", validation("Item size has exceeded the maximum allowed size")
	}
	for _, ix := range t.indexes {
		for _, name := range []string{ix.pkName, ix.skName} {
			v, ok := item[name]
			if name == "" || !ok {
				continue
			}
			// Guide, "Global secondary indexes": index key values must have the index key's type and not be empty.
			if sv, isS := v.(*types.AttributeValueMemberS); !isS || sv.Value == "" {
				return "", "", validation("One or more parameter values were invalid: Type mismatch or empty value for Index Key %s IndexName: %s", name, ix.name)
			}
		}
	}
	return pk, sk, nil
}

// capacity is the ConsumedCapacity a response carries: Guide,
// "ReturnConsumedCapacity": TOTAL, or INDEXES with the breakdown.
func capacity(mode types.ReturnConsumedCapacity, table string, total float64, read bool, tableUnits float64, indexUnits map[string]float64) *types.ConsumedCapacity {
	if mode != types.ReturnConsumedCapacityTotal && mode != types.ReturnConsumedCapacityIndexes {
		return nil
	}
	cc := &types.ConsumedCapacity{TableName: aws.String(table), CapacityUnits: aws.Float64(total)}
	if read {
		cc.ReadCapacityUnits = aws.Float64(total)
	} else {
		cc.WriteCapacityUnits = aws.Float64(total)
	}
	if mode == types.ReturnConsumedCapacityIndexes {
		cc.Table = &types.Capacity{CapacityUnits: aws.Float64(tableUnits)}
		if len(indexUnits) > 0 {
			cc.GlobalSecondaryIndexes = map[string]types.Capacity{}
			for n, u := range indexUnits {
				cc.GlobalSecondaryIndexes[n] = types.Capacity{CapacityUnits: aws.Float64(u)}
			}
		}
	}
	return cc
}

func clone(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	out := make(map[string]types.AttributeValue, len(item))
	for k, v := range item {
		out[k] = v
	}
	return out
}

func (m *memDB) GetItem(_ context.Context, in *dynamodb.GetItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.table(in.TableName)
	if err != nil {
		return nil, err
	}
	pk, sk, err := keyOf(t, in.Key, true)
	if err != nil {
		return nil, err
	}
	rows, i, found := find(t, pk, sk)
	out := &dynamodb.GetItemOutput{}
	size := 0
	if found {
		out.Item = clone(rows[i].item)
		size = itemSize(rows[i].item)
	}
	units := readUnits(size, aws.ToBool(in.ConsistentRead))
	m.charge(t.name, units, 0)
	out.ConsumedCapacity = capacity(in.ReturnConsumedCapacity, t.name, units, true, units, nil)
	return out, nil
}

func (m *memDB) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.table(in.TableName)
	if err != nil {
		return nil, err
	}
	pk, sk, err := checkItem(t, in.Item)
	if err != nil {
		return nil, err
	}
	rows, i, found := find(t, pk, sk)
	var old map[string]types.AttributeValue
	if found {
		old = rows[i].item
	}
	if in.ConditionExpression != nil {
		p := newPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
		holds, err := conditionHolds(*in.ConditionExpression, p, old)
		if err == nil {
			err = p.checkAllUsed()
		}
		if err != nil {
			return nil, err
		}
		if !holds {
			// Guide, "Condition expressions": a failed condition still consumes
			// write capacity (the existing item's size, at least one unit); the
			// error carries no ConsumedCapacity.
			size := 0
			if old != nil {
				size = itemSize(old)
			}
			m.charge(t.name, 0, writeUnits(size))
			return nil, &types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed")}
		}
	}
	tableUnits, indexUnits := m.write(t, pk, sk, clone(in.Item), old)
	total := tableUnits
	for _, u := range indexUnits {
		total += u
	}
	m.charge(t.name, 0, total)
	return &dynamodb.PutItemOutput{ConsumedCapacity: capacity(in.ReturnConsumedCapacity, t.name, total, false, tableUnits, indexUnits)}, nil
}

func (m *memDB) TransactWriteItems(_ context.Context, in *dynamodb.TransactWriteItemsInput, _ ...func(*dynamodb.Options)) (*dynamodb.TransactWriteItemsOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	// Guide, "Amazon DynamoDB Transactions: How it works": up to 100 actions on
	// distinct items, all applied or none; a failed condition cancels all.
	if n := len(in.TransactItems); n < 1 || n > 100 {
		return nil, validation("1 validation error detected: Value at 'transactItems' failed to satisfy constraint: Member must have length between 1 and 100")
	}
	type plan struct {
		put    *types.Put
		t      *tableState
		pk, sk string
	}
	var plans []plan
	seen := map[[3]string]bool{}
	for _, action := range in.TransactItems {
		if action.Put == nil {
			return nil, validation("This model supports Put actions in TransactWriteItems only")
		}
		t, err := m.table(action.Put.TableName)
		if err != nil {
			return nil, err
		}
		pk, sk, err := checkItem(t, action.Put.Item)
		if err != nil {
			return nil, err
		}
		id := [3]string{t.name, pk, sk}
		if seen[id] {
			return nil, validation("Transaction request cannot include multiple operations on one item")
		}
		seen[id] = true
		plans = append(plans, plan{action.Put, t, pk, sk})
	}
	var reasons []types.CancellationReason
	cancelled := false
	for _, pl := range plans {
		if pl.put.ConditionExpression == nil {
			reasons = append(reasons, types.CancellationReason{Code: aws.String("None")})
			continue
		}
		rows, i, found := find(pl.t, pl.pk, pl.sk)
		var existing map[string]types.AttributeValue
		if found {
			existing = rows[i].item
		}
		p := newPlaceholders(pl.put.ExpressionAttributeNames, pl.put.ExpressionAttributeValues)
		holds, err := conditionHolds(*pl.put.ConditionExpression, p, existing)
		if err == nil {
			err = p.checkAllUsed()
		}
		if err != nil {
			return nil, err
		}
		if holds {
			reasons = append(reasons, types.CancellationReason{Code: aws.String("None")})
		} else {
			cancelled = true
			reasons = append(reasons, types.CancellationReason{Code: aws.String("ConditionalCheckFailed"), Message: aws.String("The conditional request failed")})
		}
	}
	if cancelled {
		// Model: the guide does not say what a cancelled transaction is charged.
		codes := make([]string, len(reasons))
		for i, r := range reasons {
			codes[i] = aws.ToString(r.Code)
		}
		return nil, &types.TransactionCanceledException{
			Message:             aws.String("Transaction cancelled, please refer cancellation reasons for specific reasons [" + strings.Join(codes, ", ") + "]"),
			CancellationReasons: reasons,
		}
	}
	type acc struct {
		total, table float64
		indexes      map[string]float64
	}
	var order []string
	perTable := map[string]*acc{}
	for _, pl := range plans {
		rows, i, found := find(pl.t, pl.pk, pl.sk)
		var old map[string]types.AttributeValue
		if found {
			old = rows[i].item
		}
		tableUnits, indexUnits := m.write(pl.t, pl.pk, pl.sk, clone(pl.put.Item), old)
		// Guide, "Capacity management for transactions": each item in a
		// transactional write costs two writes, one to prepare and one to
		// commit. Model: index writes are charged as for PutItem.
		a := perTable[pl.t.name]
		if a == nil {
			a = &acc{indexes: map[string]float64{}}
			perTable[pl.t.name] = a
			order = append(order, pl.t.name)
		}
		a.table += 2 * tableUnits
		a.total += 2 * tableUnits
		for n, u := range indexUnits {
			a.indexes[n] += u
			a.total += u
		}
	}
	out := &dynamodb.TransactWriteItemsOutput{}
	for _, name := range order {
		a := perTable[name]
		m.charge(name, 0, a.total)
		if cc := capacity(in.ReturnConsumedCapacity, name, a.total, false, a.table, a.indexes); cc != nil {
			out.ConsumedCapacity = append(out.ConsumedCapacity, *cc)
		}
	}
	return out, nil
}

func (m *memDB) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, err := m.table(in.TableName)
	if err != nil {
		return nil, err
	}
	var ix *indexState
	if in.IndexName != nil {
		if ix = m.index(t, *in.IndexName); ix == nil {
			return nil, validation("The table does not have the specified index: %s", *in.IndexName)
		}
		// Guide, "Global secondary indexes": index queries are eventually consistent only.
		if aws.ToBool(in.ConsistentRead) {
			return nil, validation("Consistent reads are not supported on global secondary indexes")
		}
	}
	// Guide, "Query" (Limit): the maximum number of items to evaluate, at least 1.
	if in.Limit != nil && *in.Limit < 1 {
		return nil, validation("1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1")
	}
	pkName, skName := t.pkName, t.skName
	if ix != nil {
		pkName, skName = ix.pkName, ix.skName
	}
	p := newPlaceholders(in.ExpressionAttributeNames, in.ExpressionAttributeValues)
	partition, cond, err := parseKeyCondition(aws.ToString(in.KeyConditionExpression), p, pkName, skName)
	if err == nil {
		err = p.checkAllUsed()
	}
	if err != nil {
		return nil, err
	}
	var rows []indexRow // the partition in sort-key order, with a comparable key each
	if ix != nil {
		m.catchUp(ix)
		rows = slices.Clone(ix.partitions[partition])
	} else {
		for _, r := range t.partitions[partition] {
			rows = append(rows, indexRow{pk: r.pk, sk: r.sk, tpk: r.pk, entry: r.item})
		}
	}
	rows = slices.DeleteFunc(rows, func(r indexRow) bool { return !matches(r.sk, skName != "", cond) })
	// Guide, "Query": results come in sort-key order, ascending unless ScanIndexForward is false.
	forward := in.ScanIndexForward == nil || *in.ScanIndexForward
	if !forward {
		slices.Reverse(rows)
	}
	if esk := in.ExclusiveStartKey; esk != nil {
		if str(esk, pkName) != partition {
			return nil, validation("The provided starting key is invalid: The provided key element does not match the schema")
		}
		from := indexRow{sk: str(esk, t.skName), tpk: str(esk, t.pkName)}
		if ix != nil {
			from = indexRow{sk: str(esk, ix.skName), tpk: str(esk, t.pkName), tsk: str(esk, t.skName)}
		}
		// Guide, "Paginating table query results": the next page starts right after ExclusiveStartKey.
		rows = slices.DeleteFunc(rows, func(r indexRow) bool {
			c := compareIndexRows(r, from)
			return forward && c <= 0 || !forward && c >= 0
		})
	}
	limit := math.MaxInt
	if in.Limit != nil {
		limit = int(*in.Limit)
	}
	out := &dynamodb.QueryOutput{}
	size, i := 0, 0
	for ; i < len(rows); i++ {
		n := itemSize(rows[i].entry)
		// Guide, "Query": a page holds at most 1 MB of data read (Model: always at least one item).
		if len(out.Items) == limit || len(out.Items) > 0 && size+n > pageBytes {
			break
		}
		out.Items = append(out.Items, clone(rows[i].entry))
		size += n
	}
	// Guide, "Paginating table query results": a page that stops at Limit or
	// at 1 MB carries a LastEvaluatedKey, even when nothing is left.
	if n := len(out.Items); n > 0 && (n == limit || i < len(rows)) {
		last := out.Items[n-1]
		out.LastEvaluatedKey = map[string]types.AttributeValue{}
		for _, name := range []string{t.pkName, t.skName, pkName, skName} {
			if v, ok := last[name]; ok && name != "" {
				out.LastEvaluatedKey[name] = v
			}
		}
	}
	out.Count = int32(len(out.Items))
	out.ScannedCount = out.Count
	// Guide, "Query" and "Provisioned throughput considerations for global
	// secondary indexes": the sizes of the items read (for an index, of the
	// projected entries) are summed and rounded up to 4 KB once per request.
	units := readUnits(size, aws.ToBool(in.ConsistentRead))
	m.charge(t.name, units, 0)
	if ix != nil {
		out.ConsumedCapacity = capacity(in.ReturnConsumedCapacity, t.name, units, true, 0, map[string]float64{ix.name: units})
	} else {
		out.ConsumedCapacity = capacity(in.ReturnConsumedCapacity, t.name, units, true, units, nil)
	}
	return out, nil
}

// collection is a table's item collection, in sort-key order, for printing.
func (m *memDB) collection(table, pk string) []map[string]types.AttributeValue {
	m.mu.Lock()
	defer m.mu.Unlock()
	var items []map[string]types.AttributeValue
	for _, r := range m.tables[table].partitions[pk] {
		items = append(items, r.item)
	}
	return items
}

// indexCollection is an index's item collection as an index query would see it now.
func (m *memDB) indexCollection(table, index, pk string) []map[string]types.AttributeValue {
	m.mu.Lock()
	defer m.mu.Unlock()
	ix := m.index(m.tables[table], index)
	m.catchUp(ix)
	var items []map[string]types.AttributeValue
	for _, r := range ix.partitions[pk] {
		items = append(items, r.entry)
	}
	return items
}

// counts is the number of items in a table and of entries in each index.
func (m *memDB) counts(table string) (int, map[string]int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t := m.tables[table]
	items := 0
	for _, rows := range t.partitions {
		items += len(rows)
	}
	indexes := map[string]int{}
	for _, ix := range t.indexes {
		m.catchUp(ix)
		for _, rows := range ix.partitions {
			indexes[ix.name] += len(rows)
		}
	}
	return items, indexes
}
