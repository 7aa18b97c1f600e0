//go:build !js

package main

import (
	"context"
	"errors"
	"time"

	"cloud.google.com/go/spanner"
)

// spannerDB is database on a real Spanner database whose tables are
//
//	CREATE TABLE Friends (
//	  Key       STRING(MAX) NOT NULL,
//	  UpdatedAt TIMESTAMP NOT NULL OPTIONS (allow_commit_timestamp = true),
//	) PRIMARY KEY (Key);
//
// and the same for Photos and Albums. main.go does not use it: it runs offline. This file is left
// out of the js/wasm build, where the client would make the binary 60 MB.
type spannerDB struct{ client *spanner.Client }

func (d spannerDB) commit(ctx context.Context, table, key string) (time.Time, error) {
	// ReadWriteTransaction returns after commit wait, with the commit timestamp s.
	return d.client.ReadWriteTransaction(ctx, func(ctx context.Context, txn *spanner.ReadWriteTransaction) error {
		return txn.BufferWrite([]*spanner.Mutation{
			spanner.InsertOrUpdate(table, []string{"Key", "UpdatedAt"}, []any{key, spanner.CommitTimestamp}),
		})
	})
}

func (d spannerDB) seesWrite(ctx context.Context, ts time.Time, table, key string) (bool, error) {
	ro := d.client.Single().WithTimestampBound(spanner.ReadTimestamp(ts))
	_, err := ro.ReadRow(ctx, table, spanner.Key{key}, []string{"UpdatedAt"})
	if errors.Is(err, spanner.ErrRowNotFound) {
		return false, nil
	}
	return err == nil, err
}

var _ database = spannerDB{}
