// Package zorder implements the client side of a Z-order (Morton) index on a
// DynamoDB table: interleaving attributes into a Z-address, testing whether an
// address lies in a query box, BIGMIN and LITMAX, order-preserving encodings,
// a unique binary sort key, and a query loop that reads a box from one
// partition.
//
// It backs the article content/articles/dynamodb-z-order-indexing.mdx; the
// article's Go blocks are excerpts of these files.
package zorder
