package zorder

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const table = "readings"

// load stores one item per point, built with PutInput. Points may repeat;
// each item gets its own ID. Large data sets go in with one sort instead of
// one PutItem call each.
func load(t testing.TB, c *Curve, points [][]uint64) *fakeTable {
	t.Helper()
	f := &fakeTable{source: "1"}
	type row struct {
		key  []byte
		item map[string]types.AttributeValue
	}
	rows := make([]row, len(points))
	for n, p := range points {
		in := PutInput(table, "1", c.Encode(p...), itemID(n), readingAttrs(n, p))
		rows[n] = row{in.Item[SortAttr].(*types.AttributeValueMemberB).Value, in.Item}
	}
	slices.SortFunc(rows, func(a, b row) int { return bytes.Compare(a.key, b.key) })
	for i, r := range rows {
		if i > 0 && bytes.Equal(r.key, rows[i-1].key) {
			t.Fatalf("duplicate sort key %x", r.key)
		}
		f.keys = append(f.keys, r.key)
		f.items = append(f.items, r.item)
		f.sizes = append(f.sizes, itemSize(r.item))
	}
	return f
}

func itemID(n int) [IDLen]byte {
	var id [IDLen]byte
	binary.BigEndian.PutUint64(id[8:], uint64(n))
	return id
}

func readingAttrs(n int, p []uint64) map[string]types.AttributeValue {
	attrs := map[string]types.AttributeValue{"celsius": num(int64(n % 40))}
	for d, v := range p {
		attrs[fmt.Sprintf("a%d", d)] = num(int64(v))
	}
	return attrs
}

// rangeScan is the plain alternative: read every item in [Lo, Hi] page by
// page and drop those outside the box on the client.
func rangeScan(ctx context.Context, db dynamodb.QueryAPIClient, c *Curve, q Box, pageLimit int32) ([]map[string]types.AttributeValue, Stats, error) {
	var hits []map[string]types.AttributeValue
	var st Stats
	var esk map[string]types.AttributeValue
	for {
		in := &dynamodb.QueryInput{
			TableName:              aws.String(q.Table),
			KeyConditionExpression: aws.String(keyCondition),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":s":  &types.AttributeValueMemberS{Value: q.Source},
				":lo": &types.AttributeValueMemberB{Value: lowerBound(q.Lo)},
				":hi": &types.AttributeValueMemberB{Value: upperBound(q.Hi)},
			},
			ExclusiveStartKey:      esk,
			ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		}
		if pageLimit > 0 {
			in.Limit = aws.Int32(pageLimit)
		}
		out, err := db.Query(ctx, in)
		if err != nil {
			return nil, st, err
		}
		st.Requests++
		st.ItemsRead += int(out.ScannedCount)
		st.Capacity += *out.ConsumedCapacity.CapacityUnits
		for _, item := range out.Items {
			z, _ := KeyZ(item)
			if c.InBox(z, q.Lo, q.Hi) {
				hits = append(hits, item)
			}
		}
		if out.LastEvaluatedKey == nil {
			return hits, st, nil
		}
		esk = out.LastEvaluatedKey
	}
}

// jumpOnFirstMiss is the loop this article used to print: on the first
// out-of-box item it drops the rest of the page and queries again from
// BigMin. It is kept here only to measure what it cost.
func jumpOnFirstMiss(ctx context.Context, db dynamodb.QueryAPIClient, c *Curve, q Box, pageLimit int32) ([]map[string]types.AttributeValue, Stats, error) {
	var hits []map[string]types.AttributeValue
	var st Stats
	start := q.Lo
	var esk map[string]types.AttributeValue
	for {
		in := &dynamodb.QueryInput{
			TableName:              aws.String(q.Table),
			KeyConditionExpression: aws.String(keyCondition),
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":s":  &types.AttributeValueMemberS{Value: q.Source},
				":lo": &types.AttributeValueMemberB{Value: lowerBound(start)},
				":hi": &types.AttributeValueMemberB{Value: upperBound(q.Hi)},
			},
			ExclusiveStartKey:      esk,
			ReturnConsumedCapacity: types.ReturnConsumedCapacityTotal,
		}
		if pageLimit > 0 {
			in.Limit = aws.Int32(pageLimit)
		}
		out, err := db.Query(ctx, in)
		if err != nil {
			return nil, st, err
		}
		st.Requests++
		st.ItemsRead += int(out.ScannedCount)
		st.Capacity += *out.ConsumedCapacity.CapacityUnits
		jumped := false
		for _, item := range out.Items {
			z, _ := KeyZ(item)
			if c.InBox(z, q.Lo, q.Hi) {
				hits = append(hits, item)
				continue
			}
			next, ok := c.BigMin(z, q.Lo, q.Hi)
			if !ok {
				return hits, st, nil
			}
			start, esk, jumped = next, nil, true
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

// want returns the sort keys of the loaded items inside the box, in order.
func want(f *fakeTable, c *Curve, q Box) []string {
	var keys []string
	for i, k := range f.keys {
		z := binary.BigEndian.Uint64(k)
		if c.InBox(z, q.Lo, q.Hi) {
			keys = append(keys, string(f.keys[i]))
		}
	}
	return keys
}

func keysOf(items []map[string]types.AttributeValue) []string {
	keys := make([]string, len(items))
	for i, item := range items {
		keys[i] = string(item[SortAttr].(*types.AttributeValueMemberB).Value)
	}
	return keys
}

func randomPoints(r *rand.Rand, n, dims, bits int) [][]uint64 {
	pts := make([][]uint64, n)
	for i := range pts {
		pts[i] = make([]uint64, dims)
		for d := range pts[i] {
			pts[i][d] = r.Uint64N(1 << uint(bits))
		}
	}
	return pts
}

func box(c *Curve, lo, hi []uint64) Box {
	return Box{Table: table, Source: "1", Lo: c.Encode(lo...), Hi: c.Encode(hi...)}
}

// QueryBox returns exactly the items in the box, never reads more than the
// range scan, and never reads an item twice, on random data and boxes.
func TestQueryBoxExact(t *testing.T) {
	ctx := context.Background()
	r := rand.New(rand.NewPCG(9, 10))
	for _, shape := range [][2]int{{2, 8}, {3, 5}} {
		dims, bits := shape[0], shape[1]
		c, _ := NewCurve(dims, bits)
		pts := randomPoints(r, 3000, dims, bits)
		pts = append(pts, pts[:300]...) // 300 points stored twice
		f := load(t, c, pts)
		for range 300 {
			lo, hi := make([]uint64, dims), make([]uint64, dims)
			for d := range lo {
				a, b := r.Uint64N(1<<uint(bits)), r.Uint64N(1<<uint(bits))
				lo[d], hi[d] = min(a, b), max(a, b)
			}
			q := box(c, lo, hi)
			expect := want(f, c, q)
			for _, limit := range []int32{0, 1, 7, 100} {
				got, st, err := QueryBox(ctx, f, c, q, limit)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(keysOf(got), expect) {
					t.Fatalf("%v box %v-%v limit %d: got %d items, want %d", shape, lo, hi, limit, len(got), len(expect))
				}
				_, naive, _ := rangeScan(ctx, f, c, q, limit)
				if st.ItemsRead > naive.ItemsRead {
					t.Fatalf("%v box %v-%v limit %d: read %d items, range scan reads %d", shape, lo, hi, limit, st.ItemsRead, naive.ItemsRead)
				}
			}
		}
	}
}

// Items with the same Z-address (same cell) are all stored and all returned.
func TestEqualAddressesAllKept(t *testing.T) {
	ctx := context.Background()
	c, _ := NewCurve(2, 3)
	var pts [][]uint64
	for range 5 {
		pts = append(pts, []uint64{3, 3}) // five readings in one cell
	}
	pts = append(pts, []uint64{2, 2}, []uint64{7, 7}, []uint64{3, 3})
	f := &fakeTable{source: "1"}
	for n, p := range pts {
		if _, err := f.PutItem(ctx, PutInput(table, "1", c.Encode(p...), itemID(n), readingAttrs(n, p))); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.keys) != len(pts) {
		t.Fatalf("stored %d items for %d writes", len(f.keys), len(pts))
	}
	q := box(c, []uint64{2, 2}, []uint64{5, 5})
	for _, limit := range []int32{0, 1, 2, 3} {
		got, _, err := QueryBox(ctx, f, c, q, limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 7 {
			t.Errorf("limit %d: got %d items, want 7 (six in one cell, one at 2,2)", limit, len(got))
		}
	}
	// Writing the same ID again is refused, not applied.
	_, err := f.PutItem(ctx, PutInput(table, "1", c.Encode(3, 3), itemID(0), nil))
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) {
		t.Fatalf("duplicate put: err = %v, want ConditionalCheckFailedException", err)
	}
	// With the Z-address alone as the sort key, the eight writes would have
	// left three items: the data loss the ID suffix prevents.
	g := &fakeTable{source: "1"}
	for n, p := range pts {
		item := readingAttrs(n, p)
		item[PartitionAttr] = &types.AttributeValueMemberS{Value: "1"}
		item[SortAttr] = &types.AttributeValueMemberB{Value: lowerBound(c.Encode(p...))}
		if _, err := g.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item}); err != nil {
			t.Fatal(err)
		}
	}
	if len(g.keys) != 3 {
		t.Fatalf("address-only keys kept %d items, expected 3", len(g.keys))
	}
}

// The figure: one item in every cell of the 8 x 8 grid, box 2..5 x 2..5.
func TestFigureQuery(t *testing.T) {
	ctx := context.Background()
	c, _ := NewCurve(2, 3)
	var pts [][]uint64
	for y := range uint64(8) {
		for x := range uint64(8) {
			pts = append(pts, []uint64{y, x})
		}
	}
	f := load(t, c, pts)
	q := box(c, []uint64{2, 2}, []uint64{5, 5})
	for _, limit := range []int32{100, 4} {
		got, st, _ := QueryBox(ctx, f, c, q, limit)
		_, naive, _ := rangeScan(ctx, f, c, q, limit)
		_, old, _ := jumpOnFirstMiss(ctx, f, c, q, limit)
		if len(got) != 16 {
			t.Fatalf("limit %d: %d items, want 16", limit, len(got))
		}
		t.Logf("figure, Limit %3d: range scan %2d items/%2d requests; QueryBox %2d/%2d; jump-on-first-miss %2d/%2d",
			limit, naive.ItemsRead, naive.Requests, st.ItemsRead, st.Requests, old.ItemsRead, old.Requests)
		if limit == 100 && (st.ItemsRead != 40 || st.Requests != 1) {
			t.Errorf("Limit 100: QueryBox read %d items in %d requests, want 40 in 1", st.ItemsRead, st.Requests)
		}
		if limit == 4 && (st.ItemsRead != 28 || naive.ItemsRead != 40) {
			t.Errorf("Limit 4: QueryBox read %d items, range scan %d; want 28 and 40", st.ItemsRead, naive.ItemsRead)
		}
	}
}

// TestReadCost measures a generated data set like Part 1's: 300,000 random
// points on a 65,536 x 65,536 grid in one partition, about 60 bytes per item.
// Run with -v to print the table the article quotes.
func TestReadCost(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ctx := context.Background()
	c, _ := NewCurve(2, 16)
	r := rand.New(rand.NewPCG(2018, 5))
	f := load(t, c, randomPoints(r, 300_000, 2, 16))
	total := 0
	for _, n := range f.sizes {
		total += n
	}
	t.Logf("%d items, %.1f bytes each on average", len(f.sizes), float64(total)/float64(len(f.sizes)))
	boxes := []struct {
		name   string
		lo, hi []uint64
	}{
		{"6000 x 6000 inside one quadrant", []uint64{5000, 5000}, []uint64{10999, 10999}},
		{"6000 x 6000 across the centre", []uint64{29768, 29768}, []uint64{35767, 35767}},
		{"thin band, 200 x 60000", []uint64{20000, 2000}, []uint64{20199, 61999}},
		{"1000 x 1000 near a corner", []uint64{100, 100}, []uint64{1099, 1099}},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| Box | Limit | Hits | Range scan: items, requests, RCU | QueryBox: items, requests, RCU | Items read vs scan | Jump on first miss: items, requests |\n|---|---|---|---|---|---|---|\n")
	for _, bx := range boxes {
		q := box(c, bx.lo, bx.hi)
		expect := want(f, c, q)
		for _, limit := range []int32{100, 1000, 0} {
			got, st, err := QueryBox(ctx, f, c, q, limit)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(keysOf(got), expect) {
				t.Fatalf("%s limit %d: wrong result", bx.name, limit)
			}
			_, naive, _ := rangeScan(ctx, f, c, q, limit)
			_, old, _ := jumpOnFirstMiss(ctx, f, c, q, limit)
			if st.ItemsRead > naive.ItemsRead {
				t.Fatalf("%s limit %d: QueryBox read %d, range scan %d", bx.name, limit, st.ItemsRead, naive.ItemsRead)
			}
			lim := fmt.Sprint(limit)
			if limit == 0 {
				lim = "none (1 MB)"
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d, %d, %.1f | %d, %d, %.1f | %.2f | %d, %d |\n",
				bx.name, lim, len(expect),
				naive.ItemsRead, naive.Requests, naive.Capacity,
				st.ItemsRead, st.Requests, st.Capacity,
				float64(st.ItemsRead)/float64(naive.ItemsRead),
				old.ItemsRead, old.Requests)
		}
	}
	t.Log(b.String())
}
