// Package gfgtrace writes the playground trace events from a Go program: the same
// events, in the same encoding, as playgrounds/_shared/trace.ts, so the page draws the
// timeline of a Go run from the real Go program and a test can compare its milestones
// with the TypeScript demo's.
//
// Each event goes to stdout as one private OSC escape sequence, ESC ] 7337 ; <json> BEL,
// and only when GFG_TRACE=1. A terminal that does not know the sequence ignores it.
//
// The JSON is written by hand, not with encoding/json: the programs also run as WebAssembly in
// the browser, and encoding/json (with encoding/json/v2 under it since Go 1.25) would add about
// 1.7 MB to each binary and to the archives the in-browser compiler downloads.
package gfgtrace

import (
	"math"
	"os"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
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
	T      float64
	Kind   string
	Lane   string
	ID     string
	Name   string
	Status Status
	Detail *string
	Level  Level
	Value  []byte // JSON, set for milestones, where 0 and false are values too
}

// now is milliseconds since the program started, to a tenth of a millisecond.
func now() float64 {
	return math.Round(float64(time.Since(start).Microseconds())/100) / 10
}

// emit writes one event; the caller holds mu. The fields come in the order, and with the
// omissions, that encoding/json gave them (t, kind, lane, then the optional ones).
func emit(e event) {
	b := make([]byte, 0, 128)
	b = append(b, "\x1b]"...)
	b = strconv.AppendInt(b, OSC, 10)
	b = append(b, `;{"t":`...)
	b = appendNumber(b, e.T)
	b = appendField(b, "kind", e.Kind)
	b = appendField(b, "lane", e.Lane)
	if e.ID != "" {
		b = appendField(b, "id", e.ID)
	}
	if e.Name != "" {
		b = appendField(b, "name", e.Name)
	}
	if e.Status != "" {
		b = appendField(b, "status", string(e.Status))
	}
	if e.Detail != nil {
		b = appendField(b, "detail", *e.Detail)
	}
	if e.Level != "" {
		b = appendField(b, "level", string(e.Level))
	}
	if e.Value != nil {
		b = append(b, `,"value":`...)
		b = append(b, e.Value...)
	}
	b = append(b, "}\x07"...)
	out.Write(b)
}

func appendField(b []byte, name, value string) []byte {
	b = append(b, ',')
	b = appendString(b, name)
	b = append(b, ':')
	return appendString(b, value)
}

// appendString writes s as a JSON string the way JSON.stringify does ("a -> b" stays as it is);
// invalid UTF-8 becomes U+FFFD, as encoding/json makes it.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r) // utf8.RuneError for an invalid byte
		}
	}
	return append(b, '"')
}

// appendNumber writes f as encoding/json and JSON.stringify write a number: the shortest form,
// with an exponent only for very small or very large values.
func appendNumber(b []byte, f float64) []byte {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return append(b, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 -> 1e-7, as encoding/json writes it
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
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
	var data []byte
	switch v := value.(type) {
	case string:
		data = appendString(nil, v)
	case bool:
		data = strconv.AppendBool(nil, v)
	case int:
		data = strconv.AppendInt(nil, int64(v), 10)
	case int64:
		data = strconv.AppendInt(nil, v, 10)
	case float64:
		data = appendNumber(nil, v)
	}
	mu.Lock()
	defer mu.Unlock()
	emit(event{T: now(), Kind: "milestone", Lane: "", Name: name, Value: data})
}
