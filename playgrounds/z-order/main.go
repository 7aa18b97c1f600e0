// z-order: box queries over a Z-order sort key in DynamoDB, BIGMIN against a
// plain range scan.
//
// The Go program that main.ts mirrors. It uses the article's tested package,
// gofieldguide/content/go/zorder, exactly as a service would: Curve for the
// addresses, PutInput for the writes, QueryBox for the reads. The table is an
// in-memory partition behind dynamodb.QueryAPIClient (a copy of the fake in
// content/go/zorder/fake_test.go), which pages and charges as the DynamoDB
// Developer Guide describes: Limit and 1 MB pages, LastEvaluatedKey, 4 KB read
// units, half price for eventually consistent reads. With a real table, pass a
// *dynamodb.Client instead.
//
// Run it from the repository root: go run ./playgrounds/z-order
package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"gofieldguide/content/go/zorder"
	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these (main.ts has the same constants).
const (
	seed        = 7
	pageLimit   = 100    // Query's Limit for the generated data sets; 0 = 1 MB pages only
	points      = 20_000 // readings in the two-attribute data set
	bits        = 10     // bits per attribute: a 1024 x 1024 grid
	drawnBox    = 1      // which box the text grid draws
	noteBytes   = 200    // padding per item: bigger items fill a 1 MB page sooner
	strongReads = false  // ConsistentRead: a strongly consistent read costs twice as much
	points3D    = 20_000 // the three-attribute data set
	bits3D      = 7      // 128 steps per attribute
	requestTime = 5 * time.Millisecond
)

type box2D struct {
	name string
	x, y [2]uint64
}

// Query boxes on the grid, corners included. The second straddles the central seam.
var boxes = []box2D{
	{"inside one quadrant", [2]uint64{100, 299}, [2]uint64{100, 299}},
	{"across the centre", [2]uint64{412, 611}, [2]uint64{412, 611}},
	{"thin band", [2]uint64{700, 719}, [2]uint64{40, 980}},
}

// box3D: Tuesday 08:00-20:00 in minutes of the week, latitude and longitude.
var box3D = struct{ minutes, lat, lon [2]float64 }{
	[2]float64{1*1440 + 8*60, 1*1440 + 20*60}, [2]float64{40.6, 40.9}, [2]float64{-74.1, -73.8},
}

const (
	table  = "readings"
	source = "1"
)

var start = time.Now()

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

func (r *random) intn(min, max int) int { return min + int(r.next()*float64(max-min+1)) }

var rng = &random{state: seed}

// ── The in-memory partition (content/go/zorder/fake_test.go) ──────────────────

// memTable stands in for one partition of a DynamoDB table. Query follows the
// documented paging rules: items come back in sort-key byte order, Limit caps
// the items evaluated, a page stops before it passes 1 MB, and a full page
// carries a LastEvaluatedKey even when nothing is left. Capacity is charged per
// request: the sizes of the items read are summed and rounded up to 4 KB, half
// a unit per 4 KB for eventually consistent reads, and an empty page still
// costs one unit of 4 KB (the guide says empty Query pages are charged; the
// exact minimum is this model's assumption). ConsumedCapacity comes back when
// ReturnConsumedCapacity asks for it.
type memTable struct {
	source string
	keys   [][]byte // sorted sort keys
	items  []map[string]types.AttributeValue
	sizes  []int
}

const pageBytes = 1 << 20 // DynamoDB's 1 MB page

var keyCondition = zorder.PartitionAttr + " = :s AND " + zorder.SortAttr + " BETWEEN :lo AND :hi"

func (f *memTable) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	pk, ok := in.Item[zorder.PartitionAttr].(*types.AttributeValueMemberS)
	if !ok || pk.Value != f.source {
		return nil, errors.New("memory table: wrong partition")
	}
	sk, ok := in.Item[zorder.SortAttr].(*types.AttributeValueMemberB)
	if !ok {
		return nil, errors.New("memory table: no sort key")
	}
	i, found := slices.BinarySearchFunc(f.keys, sk.Value, bytes.Compare)
	if found {
		if aws.ToString(in.ConditionExpression) == "attribute_not_exists("+zorder.SortAttr+")" {
			return nil, &types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed")}
		}
		f.items[i], f.sizes[i] = in.Item, itemSize(in.Item) // an unconditional put replaces
		return &dynamodb.PutItemOutput{}, nil
	}
	f.keys = slices.Insert(f.keys, i, sk.Value)
	f.items = slices.Insert(f.items, i, in.Item)
	f.sizes = slices.Insert(f.sizes, i, itemSize(in.Item))
	return &dynamodb.PutItemOutput{}, nil
}

// load stores many items with one sort instead of one PutItem call each.
func (f *memTable) load(items []map[string]types.AttributeValue) {
	type row struct {
		key  []byte
		item map[string]types.AttributeValue
	}
	rows := make([]row, 0, len(f.items)+len(items))
	for i, item := range f.items {
		rows = append(rows, row{f.keys[i], item})
	}
	for _, item := range items {
		rows = append(rows, row{item[zorder.SortAttr].(*types.AttributeValueMemberB).Value, item})
	}
	slices.SortFunc(rows, func(a, b row) int { return bytes.Compare(a.key, b.key) })
	f.keys, f.items, f.sizes = nil, nil, nil
	for i, r := range rows {
		if i > 0 && bytes.Equal(r.key, rows[i-1].key) {
			panic("memory table: duplicate sort key")
		}
		f.keys = append(f.keys, r.key)
		f.items = append(f.items, r.item)
		f.sizes = append(f.sizes, itemSize(r.item))
	}
}

func (f *memTable) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	if aws.ToString(in.KeyConditionExpression) != keyCondition {
		return nil, fmt.Errorf("memory table: unsupported key condition %q", aws.ToString(in.KeyConditionExpression))
	}
	v := in.ExpressionAttributeValues
	s, _ := v[":s"].(*types.AttributeValueMemberS)
	lo, _ := v[":lo"].(*types.AttributeValueMemberB)
	hi, _ := v[":hi"].(*types.AttributeValueMemberB)
	if s == nil || lo == nil || hi == nil {
		return nil, errors.New("memory table: missing expression values")
	}
	limit := math.MaxInt
	if in.Limit != nil {
		if *in.Limit < 1 {
			return nil, errors.New("ValidationException: Limit must be at least 1")
		}
		limit = int(*in.Limit)
	}
	wantCapacity := in.ReturnConsumedCapacity == types.ReturnConsumedCapacityTotal || in.ReturnConsumedCapacity == types.ReturnConsumedCapacityIndexes
	out := &dynamodb.QueryOutput{}
	if s.Value != f.source {
		if wantCapacity {
			out.ConsumedCapacity = capacity(0, in)
		}
		return out, nil
	}
	i, _ := slices.BinarySearchFunc(f.keys, lo.Value, bytes.Compare)
	if in.ExclusiveStartKey != nil {
		esk, _ := in.ExclusiveStartKey[zorder.SortAttr].(*types.AttributeValueMemberB)
		if esk == nil {
			return nil, errors.New("memory table: bad ExclusiveStartKey")
		}
		j, found := slices.BinarySearchFunc(f.keys, esk.Value, bytes.Compare)
		if found {
			j++
		}
		i = max(i, j)
	}
	size := 0
	for ; i < len(f.keys) && bytes.Compare(f.keys[i], hi.Value) <= 0; i++ {
		if len(out.Items) == limit || (len(out.Items) > 0 && size+f.sizes[i] > pageBytes) {
			break
		}
		out.Items = append(out.Items, f.items[i])
		size += f.sizes[i]
	}
	if n := len(out.Items); n > 0 && (n == limit || i < len(f.keys) && bytes.Compare(f.keys[i], hi.Value) <= 0) {
		last := out.Items[n-1]
		out.LastEvaluatedKey = map[string]types.AttributeValue{
			zorder.PartitionAttr: last[zorder.PartitionAttr],
			zorder.SortAttr:      last[zorder.SortAttr],
		}
	}
	out.Count = int32(len(out.Items))
	out.ScannedCount = out.Count
	if wantCapacity {
		out.ConsumedCapacity = capacity(size, in)
	}
	return out, nil
}

func capacity(size int, in *dynamodb.QueryInput) *types.ConsumedCapacity {
	units := max(1, math.Ceil(float64(size)/4096))
	if !aws.ToBool(in.ConsistentRead) {
		units /= 2
	}
	return &types.ConsumedCapacity{TableName: in.TableName, CapacityUnits: aws.Float64(units)}
}

// itemSize follows the Developer Guide's sizing rules for the attribute types
// stored here: name bytes plus value bytes, numbers at about one byte per two
// significant digits plus one.
func itemSize(item map[string]types.AttributeValue) int {
	n := 0
	for name, v := range item {
		n += len(name)
		switch v := v.(type) {
		case *types.AttributeValueMemberS:
			n += len(v.Value)
		case *types.AttributeValueMemberB:
			n += len(v.Value)
		case *types.AttributeValueMemberN:
			digits := 0
			for _, r := range v.Value {
				if r >= '0' && r <= '9' {
					digits++
				}
			}
			n += (digits+1)/2 + 1
		default:
			panic(fmt.Sprintf("itemSize: unsupported %T", v))
		}
	}
	return n
}

// ── The loops QueryBox is measured against (content/go/zorder/query_test.go) ──

type loop func(context.Context, dynamodb.QueryAPIClient, *zorder.Curve, zorder.Box, int32) ([]map[string]types.AttributeValue, zorder.Stats, error)

func pageInput(q zorder.Box, from uint64, esk map[string]types.AttributeValue, limit int32) *dynamodb.QueryInput {
	hi := binary.BigEndian.AppendUint64(nil, q.Hi)
	hi = append(hi, bytes.Repeat([]byte{0xFF}, zorder.IDLen)...)
	in := &dynamodb.QueryInput{
		TableName:              aws.String(q.Table),
		KeyConditionExpression: aws.String(keyCondition),
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":s":  &types.AttributeValueMemberS{Value: q.Source},
			":lo": &types.AttributeValueMemberB{Value: binary.BigEndian.AppendUint64(nil, from)},
			":hi": &types.AttributeValueMemberB{Value: hi},
		},
		ExclusiveStartKey:      esk,
		ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
	}
	if limit > 0 {
		in.Limit = aws.Int32(limit)
	}
	return in
}

// rangeScan is the plain alternative: read every item in [Lo, Hi] page by
// page and drop those outside the box on the client.
func rangeScan(ctx context.Context, db dynamodb.QueryAPIClient, c *zorder.Curve, q zorder.Box, limit int32) ([]map[string]types.AttributeValue, zorder.Stats, error) {
	var hits []map[string]types.AttributeValue
	var st zorder.Stats
	var esk map[string]types.AttributeValue
	for {
		out, err := db.Query(ctx, pageInput(q, q.Lo, esk, limit))
		if err != nil {
			return nil, st, err
		}
		st.Requests++
		st.ItemsRead += int(out.ScannedCount)
		st.Capacity += *out.ConsumedCapacity.CapacityUnits
		for _, item := range out.Items {
			if z, _ := zorder.KeyZ(item); c.InBox(z, q.Lo, q.Hi) {
				hits = append(hits, item)
			}
		}
		if out.LastEvaluatedKey == nil {
			return hits, st, nil
		}
		esk = out.LastEvaluatedKey
	}
}

// jumpOnFirstMiss is the loop the article used to print: on the first
// out-of-box item it drops the rest of the page and queries again from BigMin.
// It is kept only to measure what it cost.
func jumpOnFirstMiss(ctx context.Context, db dynamodb.QueryAPIClient, c *zorder.Curve, q zorder.Box, limit int32) ([]map[string]types.AttributeValue, zorder.Stats, error) {
	var hits []map[string]types.AttributeValue
	var st zorder.Stats
	from := q.Lo
	var esk map[string]types.AttributeValue
	for {
		out, err := db.Query(ctx, pageInput(q, from, esk, limit))
		if err != nil {
			return nil, st, err
		}
		st.Requests++
		st.ItemsRead += int(out.ScannedCount)
		st.Capacity += *out.ConsumedCapacity.CapacityUnits
		jumped := false
		for _, item := range out.Items {
			z, _ := zorder.KeyZ(item)
			if c.InBox(z, q.Lo, q.Hi) {
				hits = append(hits, item)
				continue
			}
			next, ok := c.BigMin(z, q.Lo, q.Hi)
			if !ok {
				return hits, st, nil
			}
			from, esk, jumped = next, nil, true
			break
		}
		if jumped {
			continue
		}
		if out.LastEvaluatedKey == nil {
			return hits, st, nil
		}
		esk = out.LastEvaluatedKey
	}
}

// ── Recording what each loop reads ───────────────────────────────────────────

type requestLog struct {
	start     uint64 // the :lo bound's Z-address
	continued bool   // ExclusiveStartKey set: the page follows the previous one
	read      []map[string]types.AttributeValue
}

// recorder is the client the loops are given: it passes each Query to the
// table, takes requestTime, draws a span on its lane and remembers every item
// read, by sort key.
type recorder struct {
	db    dynamodb.QueryAPIClient
	lane  string
	log   []requestLog
	reads map[string]int
}

func (r *recorder) Query(ctx context.Context, in *dynamodb.QueryInput, opts ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	s := gfgtrace.Begin(r.lane, fmt.Sprintf("Query #%d", len(r.log)+1))
	if strongReads {
		in.ConsistentRead = aws.Bool(true)
	}
	out, err := r.db.Query(ctx, in, opts...)
	if err != nil {
		s.End(gfgtrace.Error)
		return nil, err
	}
	time.Sleep(requestTime)
	lo := in.ExpressionAttributeValues[":lo"].(*types.AttributeValueMemberB).Value
	r.log = append(r.log, requestLog{binary.BigEndian.Uint64(lo), in.ExclusiveStartKey != nil, out.Items})
	for _, item := range out.Items {
		r.reads[key(item)]++
	}
	s.EndDetail(gfgtrace.OK, fmt.Sprintf("%d items, %s RCU", out.ScannedCount, num(*out.ConsumedCapacity.CapacityUnits)))
	return out, nil
}

func key(item map[string]types.AttributeValue) string {
	return string(item[zorder.SortAttr].(*types.AttributeValueMemberB).Value)
}

type run struct {
	hits []map[string]types.AttributeValue
	st   zorder.Stats
	rec  *recorder
}

type namedLoop struct {
	lane string
	fn   loop
}

// race runs the loops side by side, each on its own lane, against one table.
func race(db dynamodb.QueryAPIClient, c *zorder.Curve, q zorder.Box, limit int32, loops ...namedLoop) []run {
	runs := make([]run, len(loops))
	var wg sync.WaitGroup
	for i, l := range loops {
		wg.Go(func() {
			rec := &recorder{db: db, lane: l.lane, reads: map[string]int{}}
			hits, st, err := l.fn(context.Background(), rec, c, q, limit)
			if err != nil {
				panic(err)
			}
			gfgtrace.Instant(l.lane, fmt.Sprintf("%d results", len(hits)), gfgtrace.Info)
			runs[i] = run{hits, st, rec}
		})
	}
	wg.Wait()
	return runs
}

// ── Helpers ──────────────────────────────────────────────────────────────────

func itemID(n int) [zorder.IDLen]byte {
	var id [zorder.IDLen]byte
	binary.BigEndian.PutUint64(id[8:], uint64(n))
	return id
}

func n(v int) types.AttributeValue { return &types.AttributeValueMemberN{Value: strconv.Itoa(v)} }

func nf(v float64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatFloat(v, 'f', -1, 64)}
}

func intOf(item map[string]types.AttributeValue, name string) int {
	v, _ := strconv.Atoi(item[name].(*types.AttributeValueMemberN).Value)
	return v
}

// reading is the item a reading is stored as, built with PutInput as a writer would.
func reading(c *zorder.Curve, id int, coords []uint64, attrs map[string]types.AttributeValue) map[string]types.AttributeValue {
	if noteBytes > 0 {
		attrs["note"] = &types.AttributeValueMemberS{Value: strings.Repeat("n", noteBytes)}
	}
	return zorder.PutInput(table, source, c.Encode(coords...), itemID(id), attrs).Item
}

// num formats a capacity as JavaScript does: 35.5, 123.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// commas formats 10576 as 10,576.
func commas(v int) string {
	s := strconv.Itoa(v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func cost(st zorder.Stats) string {
	return fmt.Sprintf("%s, %s, %s", commas(st.ItemsRead), commas(st.Requests), num(st.Capacity))
}

func costValue(st zorder.Stats) string {
	return fmt.Sprintf("%d items, %d requests, %s RCU", st.ItemsRead, st.Requests, num(st.Capacity))
}

func limitName(limit int32) string {
	if limit > 0 {
		return strconv.Itoa(int(limit))
	}
	return "none (1 MB)"
}

var marks = map[int]string{0: " ", 1: "·", 2: "▒", 3: "█"}

const legend = "█ result  ▒ read, outside the box  · in the key range, never read"

// grid draws the plane as cols x rows characters, each width wide: a result if
// the cell holds one, else read if an item in it was read, else skipped (·) if
// it holds an item between the corner addresses.
func grid(items []map[string]types.AttributeValue, q zorder.Box, r run, side, cols, rows, width int) []string {
	rank := make([][]int, rows)
	for i := range rank {
		rank[i] = make([]int, cols)
	}
	hits := map[string]bool{}
	for _, item := range r.hits {
		hits[key(item)] = true
	}
	for _, item := range items {
		z, _ := zorder.KeyZ(item)
		if z < q.Lo || z > q.Hi {
			continue
		}
		kind := 1
		if hits[key(item)] {
			kind = 3
		} else if r.rec.reads[key(item)] > 0 {
			kind = 2
		}
		row, col := intOf(item, "y")*rows/side, intOf(item, "x")*cols/side
		rank[row][col] = max(rank[row][col], kind)
	}
	out := make([]string, rows)
	for i, row := range rank {
		var b strings.Builder
		for _, k := range row {
			b.WriteString(strings.Repeat(marks[k], width))
		}
		out[i] = b.String()
	}
	return out
}

func sideBySide(left, right []string, width int) {
	for i := range max(len(left), len(right)) {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		fmt.Printf("  %s%s    %s\n", l, strings.Repeat(" ", max(0, width-len([]rune(l)))), r)
	}
}

// ── 1 and 2: the article's figure ────────────────────────────────────────────

func figure() {
	fmt.Println("\n1. Morton addresses on the 8 x 8 grid: y first, 3 bits each")
	c, _ := zorder.NewCurve(2, 3)
	lo, hi := c.Encode(2, 2), c.Encode(5, 5)
	for y := range uint64(8) {
		var b strings.Builder
		for x := range uint64(8) {
			if z := c.Encode(y, x); c.InBox(z, lo, hi) {
				fmt.Fprintf(&b, "[%2d]", z)
			} else {
				fmt.Fprintf(&b, " %2d ", z)
			}
		}
		fmt.Printf("  y=%d %s\n", y, b.String())
	}
	inRange := 0
	for z := lo; z <= hi; z++ {
		if c.InBox(z, lo, hi) {
			inRange++
		}
	}
	next, _ := c.BigMin(16, lo, hi)
	prev, _ := c.LitMax(16, lo, hi)
	logf("box x 2..5, y 2..5: z(2,2) = %d, z(5,5) = %d; %d of the %d addresses in [%d, %d] are inside", lo, hi, inRange, hi-lo+1, lo, hi)
	logf("BIGMIN(16) = %d: the curve leaves the box after 15 and comes back at 24; LITMAX(16) = %d", next, prev)
	gfgtrace.Milestone("figure: z(2,2)", int(lo))
	gfgtrace.Milestone("figure: z(5,5)", int(hi))
	gfgtrace.Milestone("figure: BIGMIN(16)", int(next))
	gfgtrace.Milestone("figure: LITMAX(16)", int(prev))

	fmt.Println("\n2. the figure as a table: one item per cell, three loops, Limit 100 and Limit 4")
	db := &memTable{source: source}
	var items []map[string]types.AttributeValue
	for y := range 8 {
		for x := range 8 {
			id := len(items)
			items = append(items, reading(c, id, []uint64{uint64(y), uint64(x)}, map[string]types.AttributeValue{"y": n(y), "x": n(x), "celsius": n(id % 40)}))
		}
	}
	db.load(items)
	q := zorder.Box{Table: table, Source: source, Lo: lo, Hi: hi}
	loops := []namedLoop{{"range scan", rangeScan}, {"QueryBox", zorder.QueryBox}, {"jump on first miss", jumpOnFirstMiss}}
	limits := []int32{100, 4}
	byLimit := map[int32][]run{}
	for _, limit := range limits {
		byLimit[limit] = race(db, c, q, limit, loops...)
	}

	// Limit 4, request by request: QueryBox continues over short gaps and jumps over long ones.
	scan4, box4 := byLimit[4][0], byLimit[4][1]
	fmt.Println("  QueryBox with Limit 4, request by request:")
	lastRead := lo - 1
	for i, r := range box4.rec.log {
		var zs []string
		inBox := 0
		for _, item := range r.read {
			z, _ := zorder.KeyZ(item)
			zs = append(zs, strconv.FormatUint(z, 10))
			if c.InBox(z, lo, hi) {
				inBox++
			}
		}
		from := fmt.Sprintf("after %d", lastRead)
		skipped := ""
		if !r.continued {
			if i == 0 {
				from = fmt.Sprintf("from %d", r.start)
			} else {
				from = fmt.Sprintf("jump to %d", r.start)
				skipped = fmt.Sprintf(" (%d..%d never read)", lastRead+1, r.start-1)
			}
		}
		what := "reads nothing: the range is done"
		if len(zs) > 0 {
			what = "reads " + strings.Join(zs, " ") + ": none in the box"
			if inBox > 0 {
				what = fmt.Sprintf("reads %s: %d in the box", strings.Join(zs, " "), inBox)
			}
			lastRead, _ = zorder.KeyZ(r.read[len(r.read)-1])
		}
		logf("request %d  %-12s %s%s", i+1, from, what, skipped)
	}
	fmt.Println()
	sideBySide(append([]string{"range scan, Limit 4"}, grid(items, q, scan4, 8, 8, 8, 2)...),
		append([]string{"QueryBox, Limit 4"}, grid(items, q, box4, 8, 8, 8, 2)...), 22)
	fmt.Println("  " + legend)
	fmt.Println()
	fmt.Printf("  %-7s%9s   %-16s%-16sjump on first miss\n", "Limit", "results", "range scan", "QueryBox")
	for _, limit := range limits {
		runs := byLimit[limit]
		col := func(r run) string {
			return fmt.Sprintf("%-16s", fmt.Sprintf("%d items/%d req", r.st.ItemsRead, r.st.Requests))
		}
		fmt.Printf("  %-7d%9d   %s%s%s\n", limit, len(runs[1].hits), col(runs[0]), col(runs[1]), col(runs[2]))
		gfgtrace.Milestone(fmt.Sprintf("figure Limit %d: results", limit), len(runs[1].hits))
		for i, name := range []string{"range scan", "QueryBox", "jump on first miss"} {
			gfgtrace.Milestone(fmt.Sprintf("figure Limit %d: %s", limit, name), fmt.Sprintf("%d items, %d requests", runs[i].st.ItemsRead, runs[i].st.Requests))
		}
	}
	logf("with Limit 100 the first page holds all 40 items: every one is paid for before the loop sees a miss")
}

// ── 3: equal addresses ───────────────────────────────────────────────────────

func equalAddresses() {
	fmt.Println("\n3. equal addresses: eight readings in three cells")
	ctx := context.Background()
	c, _ := zorder.NewCurve(2, 3)
	pts := [][2]int{{3, 3}, {3, 3}, {3, 3}, {3, 3}, {3, 3}, {2, 2}, {7, 7}, {3, 3}}
	withID := &memTable{source: source}
	for i, p := range pts {
		in := zorder.PutInput(table, source, c.Encode(uint64(p[0]), uint64(p[1])), itemID(i), map[string]types.AttributeValue{"y": n(p[0]), "x": n(p[1])})
		if _, err := withID.PutItem(ctx, in); err != nil {
			panic(err)
		}
	}
	// The same writes keyed by the bare 8-byte address, without a condition: PutItem replaces.
	bare := &memTable{source: source}
	for _, p := range pts {
		item := map[string]types.AttributeValue{
			zorder.PartitionAttr: &types.AttributeValueMemberS{Value: source},
			zorder.SortAttr:      &types.AttributeValueMemberB{Value: binary.BigEndian.AppendUint64(nil, c.Encode(uint64(p[0]), uint64(p[1])))},
			"y":                  n(p[0]), "x": n(p[1]),
		}
		if _, err := bare.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			panic(err)
		}
	}
	_, err := withID.PutItem(ctx, zorder.PutInput(table, source, c.Encode(3, 3), itemID(0), nil))
	_, refused := errors.AsType[*types.ConditionalCheckFailedException](err)
	got, _, err := zorder.QueryBox(ctx, withID, c, zorder.Box{Table: table, Source: source, Lo: c.Encode(2, 2), Hi: c.Encode(5, 5)}, 2)
	if err != nil {
		panic(err)
	}
	logf("sort key = address + 16-byte ID: %d items stored; the box 2..5 x 2..5 returns %d (six in cell 3,3, one at 2,2)", len(withID.items), len(got))
	logf("sort key = bare address: %d items stored; PutItem replaced the rest and reported success", len(bare.items))
	outcome := "accepted"
	if refused {
		outcome = "ConditionalCheckFailedException"
	}
	logf("writing ID 0 again with attribute_not_exists(%s): %s", zorder.SortAttr, outcome)
	gfgtrace.Milestone("equal addresses: items kept with an ID suffix", len(withID.items))
	gfgtrace.Milestone("equal addresses: items kept with the address alone", len(bare.items))
	gfgtrace.Milestone("equal addresses: box results", len(got))
	gfgtrace.Milestone("equal addresses: repeated put refused", refused)
}

// ── 4: a generated data set, two attributes ──────────────────────────────────

type boxRow struct {
	name      string
	limit     int32
	scan, box run
}

func generated2D() []boxRow {
	side := 1 << bits
	fmt.Printf("\n4. %s random readings on a %d x %d grid, one partition\n", commas(points), side, side)
	c, _ := zorder.NewCurve(2, bits)
	var items []map[string]types.AttributeValue
	cells := map[uint64]bool{}
	for i := range points {
		x := rng.intn(0, side-1)
		y := rng.intn(0, side-1)
		items = append(items, reading(c, i, []uint64{uint64(y), uint64(x)}, map[string]types.AttributeValue{"y": n(y), "x": n(x), "celsius": n(rng.intn(-10, 35))}))
		cells[c.Encode(uint64(y), uint64(x))] = true
	}
	db := &memTable{source: source}
	db.load(items)
	total := 0
	for _, s := range db.sizes {
		total += s
	}
	avg := float64(total) / float64(len(items))
	logf("%s items, %.1f bytes each on average: a 1 MB page holds about %s", commas(len(items)), avg, commas(int(math.Floor(float64(pageBytes)/avg))))
	logf("%s readings share a cell with an earlier one: the ID suffix keeps them, a bare address would not", commas(len(items)-len(cells)))
	gfgtrace.Milestone("2-D: items stored", len(db.items))
	gfgtrace.Milestone("2-D: readings sharing a cell", len(items)-len(cells))

	limits := []int32{pageLimit}
	if pageLimit != 0 {
		limits = append(limits, 0)
	}
	var rows []boxRow
	for i, b := range boxes {
		q := zorder.Box{Table: table, Source: source, Lo: c.Encode(b.y[0], b.x[0]), Hi: c.Encode(b.y[1], b.x[1])}
		for _, limit := range limits {
			runs := race(db, c, q, limit, namedLoop{"range scan", rangeScan}, namedLoop{"QueryBox", zorder.QueryBox})
			rows = append(rows, boxRow{b.name, limit, runs[0], runs[1]})
			if i == drawnBox && limit == pageLimit {
				fmt.Printf("  box %d, %s (x %d..%d, y %d..%d), Limit %s; one character is %d x %d cells\n", i+1, b.name, b.x[0], b.x[1], b.y[0], b.y[1], limitName(limit), side/32, side/16)
				sideBySide(append([]string{fmt.Sprintf("range scan: %s items read", commas(runs[0].st.ItemsRead))}, grid(items, q, runs[0], side, 32, 16, 1)...),
					append([]string{fmt.Sprintf("QueryBox: %s items read", commas(runs[1].st.ItemsRead))}, grid(items, q, runs[1], side, 32, 16, 1)...), 32)
				fmt.Println("  " + legend)
			}
		}
	}
	fmt.Println()
	fmt.Printf("  %-22s%-13s%8s   %-29sQueryBox: items, req, RCU\n", "box", "Limit", "results", "range scan: items, req, RCU")
	sameResults, neverMore := true, true
	for _, r := range rows {
		fmt.Printf("  %-22s%-13s%8s   %-29s%s  x%.2f\n", r.name, limitName(r.limit), commas(len(r.box.hits)), cost(r.scan.st), cost(r.box.st), float64(r.box.st.ItemsRead)/float64(r.scan.st.ItemsRead))
		name := fmt.Sprintf("2-D %s, Limit %s", r.name, limitName(r.limit))
		gfgtrace.Milestone(name+": results", len(r.box.hits))
		gfgtrace.Milestone(name+": range scan", costValue(r.scan.st))
		gfgtrace.Milestone(name+": QueryBox", costValue(r.box.st))
		if !slices.Equal(keys(r.box.hits), keys(r.scan.hits)) {
			sameResults = false
		}
		if r.box.st.ItemsRead > r.scan.st.ItemsRead {
			neverMore = false
		}
		for _, times := range r.box.rec.reads {
			if times != 1 {
				neverMore = false
			}
		}
	}
	logf("QueryBox returned exactly the scan's results: %v; read no item twice and never more than the scan: %v", sameResults, neverMore)
	gfgtrace.Milestone("2-D: QueryBox returns what the scan returns", sameResults)
	gfgtrace.Milestone("2-D: QueryBox never reads more than the scan", neverMore)
	return rows
}

func keys(items []map[string]types.AttributeValue) []string {
	out := make([]string, len(items))
	for i, item := range items {
		out[i] = key(item)
	}
	return out
}

// ── 5: three attributes ──────────────────────────────────────────────────────

func generated3D() (scan, box run, exact int) {
	fmt.Printf("\n5. three attributes: %s readings over one week, time x latitude x longitude, %d bits each\n", commas(points3D), bits3D)
	c, _ := zorder.NewCurve(3, bits3D)
	const week = 7 * 1440
	// The exact values travel with the item; the Z-address holds their quantised cells.
	cell := func(minute, lat, lon float64) []uint64 {
		return []uint64{zorder.Quantize(minute, 0, week, bits3D), zorder.Quantize(lat, 40, 41, bits3D), zorder.Quantize(lon, -74.5, -73.5, bits3D)}
	}
	type values struct{ minute, lat, lon float64 }
	var items []map[string]types.AttributeValue
	exactOf := map[string]values{}
	for i := range points3D {
		minute := rng.intn(0, week-1)
		lat := 40 + rng.next()
		lon := -74.5 + rng.next()
		item := reading(c, i, cell(float64(minute), lat, lon), map[string]types.AttributeValue{"minute": n(minute), "lat": nf(lat), "lon": nf(lon)})
		items = append(items, item)
		exactOf[key(item)] = values{float64(minute), lat, lon}
	}
	db := &memTable{source: source}
	db.load(items)
	b := box3D
	q := zorder.Box{Table: table, Source: source,
		Lo: c.Encode(cell(b.minutes[0], b.lat[0], b.lon[0])...),
		Hi: c.Encode(cell(b.minutes[1], b.lat[1], b.lon[1])...)}
	runs := race(db, c, q, pageLimit, namedLoop{"range scan", rangeScan}, namedLoop{"QueryBox", zorder.QueryBox})
	scan, box = runs[0], runs[1]
	// Cells along the box's edge can hold readings just outside the real bounds: recheck them.
	for _, item := range box.hits {
		v := exactOf[key(item)]
		if v.minute >= b.minutes[0] && v.minute <= b.minutes[1] && v.lat >= b.lat[0] && v.lat <= b.lat[1] && v.lon >= b.lon[0] && v.lon <= b.lon[1] {
			exact++
		}
	}
	logf("box: Tuesday 08:00-20:00, latitude %v..%v, longitude %v..%v; Z-range [%d, %d] of %d addresses", b.lat[0], b.lat[1], b.lon[0], b.lon[1], q.Lo, q.Hi, uint64(1)<<(3*bits3D))
	logf("range scan  %s  (items, requests, RCU) at Limit %s", cost(scan.st), limitName(pageLimit))
	logf("QueryBox    %s", cost(box.st))
	logf("%d results in the box's cells; %d of them pass the recheck on the exact values", len(box.hits), exact)
	gfgtrace.Milestone("3-D: results", len(box.hits))
	gfgtrace.Milestone("3-D: results after the exact recheck", exact)
	gfgtrace.Milestone("3-D: range scan", costValue(scan.st))
	gfgtrace.Milestone("3-D: QueryBox", costValue(box.st))
	return scan, box, exact
}

func main() {
	fmt.Println("Z-order indexing in DynamoDB: BIGMIN against a plain range scan")
	consistency := "eventually"
	if strongReads {
		consistency = "strongly"
	}
	fmt.Printf("seed %d; Query pages: Limit %s, 1 MB at most; %s consistent reads; %d ms per request\n", seed, limitName(pageLimit), consistency, requestTime.Milliseconds())
	figure()
	equalAddresses()
	rows := generated2D()
	scan3, box3, exact3 := generated3D()

	fmt.Println("\nsummary")
	fmt.Println("  figure, Limit 100   QueryBox reads what the scan reads (40 items, 1 request): the gaps were on the page already")
	fmt.Println("  figure, Limit 4     QueryBox 28 items in 8 requests, the scan 40 in 11; jump on first miss re-reads pages")
	fmt.Println("  unique sort keys    address + ID keeps every reading; a bare address loses the ones that share a cell")
	for _, r := range rows {
		fmt.Printf("  %-20sLimit %-12sQueryBox reads %3.0f%% of the scan's items, %s RCU vs %s; %d requests vs %d\n", r.name, limitName(r.limit),
			100*float64(r.box.st.ItemsRead)/float64(r.scan.st.ItemsRead), num(r.box.st.Capacity), num(r.scan.st.Capacity), r.box.st.Requests, r.scan.st.Requests)
	}
	fmt.Printf("  three attributes    QueryBox %s items vs the scan's %s, %d results after the recheck\n", commas(box3.st.ItemsRead), commas(scan3.st.ItemsRead), exact3)
	fmt.Println("  the page size is the lever: a jump can only skip what has not been fetched yet")
}
