// Package errgroupsemantics holds the import pipeline shown in the errgroup
// article, and tests that pin down how golang.org/x/sync v0.25.0 behaves
// wherever the two x/sync articles make a claim about it.
package errgroupsemantics

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"golang.org/x/sync/errgroup"
)

// Record is one parsed line of an import file.
type Record struct {
	Line  int
	Name  string
	Value string
}

// StoreFunc writes one record somewhere slow: a database, another service.
type StoreFunc func(ctx context.Context, rec Record) error

// parse turns "name=value" into a Record.
func parse(line int, raw string) (Record, error) {
	name, value, ok := strings.Cut(raw, "=")
	if !ok || name == "" {
		return Record{}, fmt.Errorf("line %d: want name=value, got %q", line, raw)
	}
	return Record{Line: line, Name: name, Value: value}, nil
}

// Import parses lines in one goroutine and stores them with n workers.
// The first error from any stage stops all of them.
func Import(ctx context.Context, lines []string, n int, store StoreFunc) error {
	g, ctx := errgroup.WithContext(ctx)
	records := make(chan Record, 3)

	// Generator: the only sender, so the only goroutine that closes.
	g.Go(func() error {
		defer close(records)
		for i, raw := range lines {
			rec, err := parse(i+1, raw)
			if err != nil {
				return err
			}
			select {
			case records <- rec:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		return nil
	})

	// Workers: run until the channel is drained and closed, or until
	// the group is cancelled, whichever comes first.
	for w := range n {
		g.Go(func() error {
			for {
				select {
				case <-ctx.Done():
					return context.Cause(ctx)
				case rec, ok := <-records:
					if !ok {
						return nil
					}
					if err := store(ctx, rec); err != nil {
						return fmt.Errorf("worker %d, line %d: %w", w, rec.Line, err)
					}
				}
			}
		})
	}

	return g.Wait()
}

// ImportLimited stores each line as its own task, at most n at a time.
func ImportLimited(ctx context.Context, lines []string, n int, store StoreFunc) error {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(n)

	var stopped error
	for i, raw := range lines {
		if stopped = context.Cause(gctx); stopped != nil {
			break // a task failed or the caller gave up: submit nothing more
		}
		g.Go(func() error { // blocks while n tasks are running
			if err := context.Cause(gctx); err != nil {
				return err // the group was cancelled while Go waited for a slot
			}
			rec, err := parse(i+1, raw)
			if err != nil {
				return err
			}
			return store(gctx, rec)
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return stopped
}

// LoadFunc fetches one record by its ID.
type LoadFunc func(ctx context.Context, id string) (Record, error)

// LoadAll loads every ID, at most n at a time, and returns the records in
// the order of ids, whatever order the loads finish in.
func LoadAll(ctx context.Context, ids []string, n int, load LoadFunc) ([]Record, error) {
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(n)

	out := make([]Record, len(ids)) // one slot per task: no lock needed
	for i, id := range ids {
		g.Go(func() error {
			rec, err := load(gctx, id)
			if err != nil {
				return fmt.Errorf("load %s: %w", id, err)
			}
			out[i] = rec
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err // out may be half filled: do not return it
	}
	return out, nil
}

// PanicError is what Safe turns a task's panic into.
type PanicError struct {
	Value any    // what the task passed to panic
	Stack []byte // the panicking goroutine's stack, for the log
}

func (p *PanicError) Error() string {
	return fmt.Sprintf("task panicked: %v\n%s", p.Value, p.Stack)
}

// Safe wraps a task so that a panic comes back as a *PanicError instead
// of crashing the process: g.Go(Safe(task)).
func Safe(task func() error) func() error {
	return func() (err error) {
		defer func() {
			if v := recover(); v != nil {
				err = &PanicError{Value: v, Stack: debug.Stack()}
			}
		}()
		return task()
	}
}
