package zorder

import (
	"encoding/binary"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Attribute names of the table's primary key.
const (
	PartitionAttr = "sourceId" // String partition key
	SortAttr      = "zkey"     // Binary sort key: Z-address, then item ID
)

// IDLen is the length of the item ID appended to the Z-address. Sixteen bytes
// holds a UUID or a ULID.
const IDLen = 16

// SortKey returns the binary sort key of an item: its Z-address as 8
// big-endian bytes, then its ID. Many items can share a Z-address (two
// readings in the same cell), so the address alone is not a unique key; the
// ID makes it one without changing the order of different addresses.
func SortKey(z uint64, id [IDLen]byte) []byte {
	k := make([]byte, 8+IDLen)
	binary.BigEndian.PutUint64(k, z)
	copy(k[8:], id[:])
	return k
}

// lowerBound sorts at or before every sort key whose Z-address is z.
func lowerBound(z uint64) []byte { return binary.BigEndian.AppendUint64(nil, z) }

// upperBound sorts at or after every sort key whose Z-address is z: the
// address followed by an ID of all 0xFF bytes.
func upperBound(z uint64) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+IDLen), z)
	for range IDLen {
		k = append(k, 0xFF)
	}
	return k
}

// KeyZ returns the Z-address stored in an item's (or a LastEvaluatedKey's)
// sort key.
func KeyZ(item map[string]types.AttributeValue) (uint64, error) {
	attr, ok := item[SortAttr].(*types.AttributeValueMemberB)
	if !ok || len(attr.Value) != 8+IDLen {
		return 0, fmt.Errorf("zorder: item has no %d-byte %s", 8+IDLen, SortAttr)
	}
	return binary.BigEndian.Uint64(attr.Value), nil
}

// PutInput builds the PutItem request that stores one item under its
// Z-address. The condition makes a retried or colliding write fail with a
// ConditionalCheckFailedException instead of silently replacing the item
// that already holds the key.
func PutInput(table, source string, z uint64, id [IDLen]byte, attrs map[string]types.AttributeValue) *dynamodb.PutItemInput {
	item := maps.Clone(attrs)
	if item == nil {
		item = make(map[string]types.AttributeValue, 2)
	}
	item[PartitionAttr] = &types.AttributeValueMemberS{Value: source}
	item[SortAttr] = &types.AttributeValueMemberB{Value: SortKey(z, id)}
	return &dynamodb.PutItemInput{
		TableName:           aws.String(table),
		Item:                item,
		ConditionExpression: aws.String("attribute_not_exists(" + SortAttr + ")"),
	}
}
