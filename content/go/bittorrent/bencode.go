// Package bittorrent is a small BitTorrent v1 (BEP 3) downloader: a bencode
// decoder, an HTTP tracker client, the peer wire protocol and a download loop
// with one goroutine per peer. It is the code of the Go Field Guide article
// "Build a BitTorrent client in Go", and its tests run every stage offline
// against fake trackers and fake peers.
package bittorrent

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// maxDepth bounds how deeply lists and dictionaries may nest. A single-file
// torrent needs two levels and a multi-file one five (top, info, files, one
// file, its path). Without a bound, a few megabytes of 'l' bytes make the
// recursive decoder overflow its stack, which kills the whole process.
const maxDepth = 64

// ErrSyntax is wrapped by every error Decode returns.
var ErrSyntax = errors.New("bencode: invalid input")

type decoder struct {
	buf   []byte
	pos   int
	depth int
	// byte range of the top-level "info" value, recorded while decoding
	infoStart, infoEnd int
}

func (d *decoder) fail(format string, args ...any) error {
	return fmt.Errorf("%w at byte %d: %s", ErrSyntax, d.pos, fmt.Sprintf(format, args...))
}

// Decode parses data, which must hold exactly one bencoded value. Strings
// come back as Go strings (which may hold any bytes), integers as int64,
// lists as []any and dictionaries as map[string]any. It accepts only the
// canonical encoding BEP 3 defines, so an accepted input re-encodes to
// exactly the same bytes.
func Decode(data []byte) (any, error) {
	d := &decoder{buf: data}
	return d.whole()
}

func (d *decoder) whole() (any, error) {
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	if d.pos != len(d.buf) {
		return nil, d.fail("trailing data after the value")
	}
	return v, nil
}

func (d *decoder) value() (any, error) {
	if d.pos >= len(d.buf) {
		return nil, d.fail("unexpected end of input")
	}
	switch c := d.buf[d.pos]; {
	case c == 'i': // i<integer>e
		d.pos++
		return d.number(true, 'e')
	case '0' <= c && c <= '9': // <length>:<bytes>
		return d.str()
	case c == 'l' || c == 'd':
		if d.depth == maxDepth {
			return nil, d.fail("nested more than %d deep", maxDepth)
		}
		d.depth++
		defer func() { d.depth-- }()
		d.pos++
		if c == 'l' {
			return d.list()
		}
		return d.dict()
	default:
		return nil, d.fail("unexpected byte %q", c)
	}
}

// number reads a base-ten integer ending in term, with BEP 3's rules: at
// least one digit, no leading zero (only "0" itself may start with 0), no
// "-0". A value that does not fit in an int64 is refused too.
func (d *decoder) number(signed bool, term byte) (int64, error) {
	start, end := d.pos, d.pos
	if signed && end < len(d.buf) && d.buf[end] == '-' {
		end++
	}
	digits := end
	for end < len(d.buf) && '0' <= d.buf[end] && d.buf[end] <= '9' {
		end++
	}
	switch {
	case end == digits:
		return 0, d.fail("number without digits")
	case end == len(d.buf) || d.buf[end] != term:
		return 0, d.fail("number not ended by %q", term)
	case d.buf[digits] == '0' && end-digits > 1:
		return 0, d.fail("number with a leading zero")
	case d.buf[digits] == '0' && digits > start:
		return 0, d.fail("negative zero")
	}
	n, err := strconv.ParseInt(string(d.buf[start:end]), 10, 64)
	if err != nil {
		return 0, d.fail("number out of range")
	}
	d.pos = end + 1
	return n, nil
}

func (d *decoder) str() (string, error) {
	n, err := d.number(false, ':')
	if err != nil {
		return "", err
	}
	// Compare with what is left before slicing: the length is the
	// sender's claim, and nothing is allocated for it.
	if n > int64(len(d.buf)-d.pos) {
		return "", d.fail("string of %d bytes, but only %d left", n, len(d.buf)-d.pos)
	}
	s := string(d.buf[d.pos : d.pos+int(n)])
	d.pos += int(n)
	return s, nil
}

func (d *decoder) list() ([]any, error) {
	out := []any{}
	for {
		if d.pos >= len(d.buf) {
			return nil, d.fail("unterminated list")
		}
		if d.buf[d.pos] == 'e' {
			d.pos++
			return out, nil
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func (d *decoder) dict() (map[string]any, error) {
	out := make(map[string]any)
	prev := ""
	for {
		if d.pos >= len(d.buf) {
			return nil, d.fail("unterminated dictionary")
		}
		if d.buf[d.pos] == 'e' {
			d.pos++
			return out, nil
		}
		if c := d.buf[d.pos]; c < '0' || c > '9' {
			return nil, d.fail("dictionary key is not a string")
		}
		key, err := d.str()
		if err != nil {
			return nil, err
		}
		// Keys must be sorted as raw bytes (Go's string order), so a
		// repeated or out-of-order key is invalid.
		if len(out) > 0 && key <= prev {
			return nil, d.fail("dictionary key %q repeated or out of order", key)
		}
		start := d.pos
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if key == "info" && d.depth == 1 {
			d.infoStart, d.infoEnd = start, d.pos
		}
		out[key] = v
		prev = key
	}
}

// Encode returns the bencoding of v, which may be built from int64, int,
// string, []byte, []any and map[string]any. Dictionary keys are written in
// sorted order, as BEP 3 requires.
func Encode(v any) ([]byte, error) {
	return appendValue(nil, v, 0)
}

func appendValue(b []byte, v any, depth int) ([]byte, error) {
	if depth > maxDepth {
		return nil, errors.New("bencode: value nested too deeply")
	}
	switch v := v.(type) {
	case int64:
		b = append(b, 'i')
		b = strconv.AppendInt(b, v, 10)
		return append(b, 'e'), nil
	case int:
		return appendValue(b, int64(v), depth)
	case string:
		return appendString(b, v), nil
	case []byte:
		return appendString(b, string(v)), nil
	case []any:
		b = append(b, 'l')
		for _, item := range v {
			var err error
			if b, err = appendValue(b, item, depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, 'e'), nil
	case map[string]any:
		b = append(b, 'd')
		for _, k := range slices.Sorted(maps.Keys(v)) {
			b = appendString(b, k)
			var err error
			if b, err = appendValue(b, v[k], depth+1); err != nil {
				return nil, err
			}
		}
		return append(b, 'e'), nil
	default:
		return nil, fmt.Errorf("bencode: cannot encode %T", v)
	}
}

func appendString(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}
