package zorder

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// keyCondition reads one partition between two sort keys.
const keyCondition = PartitionAttr + " = :s AND " + SortAttr + " BETWEEN :lo AND :hi"

// Box is a box query against one partition: Lo and Hi are the Z-addresses
// of the box's lowest and highest corners.
type Box struct {
	Table, Source string
	Lo, Hi        uint64
}

// Stats counts what a query cost.
type Stats struct {
	Requests  int     // Query calls
	ItemsRead int     // items DynamoDB read (sum of ScannedCount)
	Capacity  float64 // read capacity units reported by DynamoDB
}

// QueryBox returns every item of the partition whose Z-address lies in the
// box. It reads the sort-key range page by page. Out-of-box items on a page
// it has already paid for are skipped, with BigMin telling it where the curve
// next enters the box; only when that point lies beyond the end of the page
// does it start a new range there instead of continuing. It therefore never
// reads an item twice, and never reads more than a plain range scan over
// [q.Lo, q.Hi]. pageLimit sets Query's Limit; 0 leaves pages at DynamoDB's
// 1 MB.
func QueryBox(ctx context.Context, db dynamodb.QueryAPIClient, c *Curve, q Box, pageLimit int32) ([]map[string]types.AttributeValue, Stats, error) {
	var (
		hits  []map[string]types.AttributeValue
		st    Stats
		start = q.Lo // low end of the key range being read
		want  = q.Lo // no in-box address lies below want
		esk   map[string]types.AttributeValue
	)
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
		if cc := out.ConsumedCapacity; cc != nil && cc.CapacityUnits != nil {
			st.Capacity += *cc.CapacityUnits
		}
		for _, item := range out.Items {
			z, err := KeyZ(item)
			if err != nil {
				return nil, st, err
			}
			if z < want {
				continue // in a gap BigMin has already measured
			}
			if c.InBox(z, q.Lo, q.Hi) {
				hits = append(hits, item)
				continue
			}
			next, ok := c.BigMin(z, q.Lo, q.Hi)
			if !ok {
				return hits, st, nil // the curve never re-enters the box
			}
			want = next
		}
		if out.LastEvaluatedKey == nil {
			return hits, st, nil
		}
		last, err := KeyZ(out.LastEvaluatedKey)
		if err != nil {
			return nil, st, err
		}
		if want > last {
			start, esk = want, nil // the gap runs past this page: jump over it
		} else {
			esk = out.LastEvaluatedKey // carry on where the page stopped
		}
	}
}
