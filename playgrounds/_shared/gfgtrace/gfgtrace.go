// Package gfgtrace writes the playground trace events from a Go program: the same
// events, in the same encoding, as playgrounds/_shared/trace.ts, so the page draws the
// timeline of a Go run from the real Go program and a test can compare its milestones
// with the TypeScript demo's.
//
// Each event goes to stdout as one private OSC escape sequence, ESC ] 7337 ; <json> BEL,
// and only when GFG_TRACE=1. A terminal that does not know the sequence ignores it.
package gfgtrace

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// OSC is the private escape sequence number shared with lib/playgrounds/trace-codec.ts.
const OSC = 7337

var (
	start   = time.Now()
	enabled = os.Getenv("GFG_TRACE") == "1"

	mu    sync.Mutex // one event at a time on stdout, and span ids in order
	spans int
	out   = os.Stdout
)

// Status is how a span ended.
type Status string

// The statuses the timeline knows.
const (
	OK        Status = "ok"
	Error     Status = "error"
	Cancelled Status = "cancelled"
	Rejected  Status = "rejected"
	Fallback  Status = "fallback"
)

// Level is an instant event's severity.
type Level string

// The levels the timeline knows.
const (
	Info Level = "info"
	Warn Level = "warn"
	Err  Level = "error"
)

type event struct {
	T      float64         `json:"t"`
	Kind   string          `json:"kind"`
	Lane   string          `json:"lane"`
	ID     string          `json:"id,omitempty"`
	Name   string          `json:"name,omitempty"`
	Status Status          `json:"status,omitempty"`
	Detail *string         `json:"detail,omitempty"`
	Level  Level           `json:"level,omitempty"`
	Value  json.RawMessage `json:"value,omitempty"` // set for milestones, where 0 and false are values too
}

// now is milliseconds since the program started, to a tenth of a millisecond.
func now() float64 {
	return math.Round(float64(time.Since(start).Microseconds())/100) / 10
}

// emit writes one event; the caller holds mu.
func emit(e event) {
	var data bytes.Buffer
	enc := json.NewEncoder(&data)
	enc.SetEscapeHTML(false) // "a -> b" as JSON.stringify writes it, not "a -\u003e b"
	if enc.Encode(e) != nil {
		return
	}
	out.WriteString("\x1b]" + strconv.Itoa(OSC) + ";" + strings.TrimSuffix(data.String(), "\n") + "\x07")
}

// Span is a task or request on a lane of the timeline.
type Span struct {
	lane, id string
	once     sync.Once
}

// Begin starts a span named name on lane.
func Begin(lane, name string) *Span {
	mu.Lock()
	defer mu.Unlock()
	spans++
	s := &Span{lane: lane, id: "s" + strconv.Itoa(spans)}
	if enabled {
		emit(event{T: now(), Kind: "begin", Lane: lane, ID: s.id, Name: name})
	}
	return s
}

// End ends the span with status; later calls are ignored.
func (s *Span) End(status Status) { s.end(status, nil) }

// EndDetail ends the span with status and a short detail shown on hover.
func (s *Span) EndDetail(status Status, detail string) { s.end(status, &detail) }

func (s *Span) end(status Status, detail *string) {
	s.once.Do(func() {
		if !enabled {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		emit(event{T: now(), Kind: "end", Lane: s.lane, ID: s.id, Status: status, Detail: detail})
	})
}

// Instant marks a moment on lane ("cancel observed").
func Instant(lane, name string, level Level) {
	if !enabled {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	emit(event{T: now(), Kind: "instant", Lane: lane, Name: name, Level: level})
}

// Milestone records a fact the run establishes ("origin calls with singleflight" = 15).
// value is a string, a bool or a number; the TypeScript demo emits the same milestones.
func Milestone(name string, value any) {
	if !enabled {
		return
	}
	switch value.(type) {
	case string, bool, int, int64, float64:
	default:
		panic("gfgtrace.Milestone: value must be a string, bool or number")
	}
	data, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	mu.Lock()
	defer mu.Unlock()
	emit(event{T: now(), Kind: "milestone", Lane: "", Name: name, Value: data})
}
