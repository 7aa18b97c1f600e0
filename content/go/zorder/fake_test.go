package zorder

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fakeTable stands in for one partition of a DynamoDB table. Query follows
// the documented paging rules: items come back in sort-key byte order, Limit
// caps the items evaluated, a page stops before it passes 1 MB, and a full
// page carries a LastEvaluatedKey even when nothing is left. Capacity is
// charged per request as the Developer Guide describes for Query: the sizes
// of the items read are summed and rounded up to 4 KB, half a unit per 4 KB
// for eventually consistent reads, and an empty page still costs one unit of
// 4 KB (the guide says empty Query pages are charged; the exact minimum is
// this fake's assumption).
type fakeTable struct {
	source string
	keys   [][]byte // sorted sort keys
	items  []map[string]types.AttributeValue
	sizes  []int
}

const pageBytes = 1 << 20 // DynamoDB's 1 MB page

func (f *fakeTable) PutItem(_ context.Context, in *dynamodb.PutItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error) {
	pk, ok := in.Item[PartitionAttr].(*types.AttributeValueMemberS)
	if !ok || pk.Value != f.source {
		return nil, errors.New("fake: wrong partition")
	}
	sk, ok := in.Item[SortAttr].(*types.AttributeValueMemberB)
	if !ok {
		return nil, errors.New("fake: no sort key")
	}
	i, found := slices.BinarySearchFunc(f.keys, sk.Value, bytes.Compare)
	if found {
		if aws.ToString(in.ConditionExpression) == "attribute_not_exists("+SortAttr+")" {
			return nil, &types.ConditionalCheckFailedException{Message: aws.String("The conditional request failed")}
		}
		f.items[i], f.sizes[i] = in.Item, itemSize(in.Item) // unconditional put replaces
		return &dynamodb.PutItemOutput{}, nil
	}
	f.keys = slices.Insert(f.keys, i, sk.Value)
	f.items = slices.Insert(f.items, i, in.Item)
	f.sizes = slices.Insert(f.sizes, i, itemSize(in.Item))
	return &dynamodb.PutItemOutput{}, nil
}

func (f *fakeTable) Query(_ context.Context, in *dynamodb.QueryInput, _ ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error) {
	if aws.ToString(in.KeyConditionExpression) != keyCondition {
		return nil, fmt.Errorf("fake: unsupported key condition %q", aws.ToString(in.KeyConditionExpression))
	}
	v := in.ExpressionAttributeValues
	s, _ := v[":s"].(*types.AttributeValueMemberS)
	lo, _ := v[":lo"].(*types.AttributeValueMemberB)
	hi, _ := v[":hi"].(*types.AttributeValueMemberB)
	if s == nil || lo == nil || hi == nil {
		return nil, errors.New("fake: missing expression values")
	}
	limit := math.MaxInt
	if in.Limit != nil {
		if *in.Limit < 1 {
			return nil, errors.New("fake: Limit must be at least 1")
		}
		limit = int(*in.Limit)
	}
	out := &dynamodb.QueryOutput{}
	if s.Value != f.source {
		out.ConsumedCapacity = capacity(0, in)
		return out, nil
	}
	i, _ := slices.BinarySearchFunc(f.keys, lo.Value, bytes.Compare)
	if in.ExclusiveStartKey != nil {
		esk, _ := in.ExclusiveStartKey[SortAttr].(*types.AttributeValueMemberB)
		if esk == nil {
			return nil, errors.New("fake: bad ExclusiveStartKey")
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
			PartitionAttr: last[PartitionAttr],
			SortAttr:      last[SortAttr],
		}
	}
	out.Count = int32(len(out.Items))
	out.ScannedCount = out.Count
	out.ConsumedCapacity = capacity(size, in)
	return out, nil
}

func capacity(size int, in *dynamodb.QueryInput) *types.ConsumedCapacity {
	units := max(1, math.Ceil(float64(size)/4096))
	if !aws.ToBool(in.ConsistentRead) {
		units /= 2
	}
	return &types.ConsumedCapacity{TableName: in.TableName, CapacityUnits: aws.Float64(units)}
}

// itemSize follows the Developer Guide's sizing rules for the attribute
// types these tests store: name bytes plus value bytes, numbers at about one
// byte per two significant digits plus one.
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

func num(v int64) *types.AttributeValueMemberN {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(v, 10)}
}
