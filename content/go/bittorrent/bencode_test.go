package bittorrent

import (
	"bytes"
	"crypto/sha1"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDecodeValid(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want any
	}{
		{"4:spam", "spam"},
		{"0:", ""},
		{"i3e", int64(3)},
		{"i-3e", int64(-3)},
		{"i0e", int64(0)},
		{"i9223372036854775807e", int64(9223372036854775807)},
		{"le", []any{}},
		{"l4:spami7ee", []any{"spam", int64(7)}},
		{"d3:cow3:moo4:spam4:eggse", map[string]any{"cow": "moo", "spam": "eggs"}},
		{"d4:spaml1:a1:bee", map[string]any{"spam": []any{"a", "b"}}},
		{"3:\x00\xff\x20", "\x00\xff\x20"}, // strings hold raw bytes
	} {
		got, err := Decode([]byte(tc.in))
		if err != nil {
			t.Errorf("Decode(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Decode(%q) = %#v, want %#v", tc.in, got, tc.want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"i03e",                    // BEP 3: leading zeros are invalid
		"i-0e",                    // BEP 3: negative zero is invalid
		"i-03e",                   //
		"ie", "i-e", "i3", "i+3e", // no digits, no end, a sign BEP 3 does not allow
		"i9223372036854775808e",  // does not fit in int64
		"04:spam",                // a length with a leading zero
		"5:spam",                 // longer than the input
		"99999999999999999999:x", // a length too large to be a number at all
		"4spam", "-1:x",
		"l", "li1e", "d", "d3:cow", "d3:cowe",
		"di1e3:mooe",          // key is not a string
		"d4:spam1:a3:cow1:be", // keys out of order
		"d3:cow1:a3:cow1:be",  // key repeated
		"i1ei2e",              // trailing data
		"x",
	} {
		if v, err := Decode([]byte(in)); err == nil {
			t.Errorf("Decode(%q) = %#v, want an error", in, v)
		} else if !errors.Is(err, ErrSyntax) {
			t.Errorf("Decode(%q): error %v does not wrap ErrSyntax", in, err)
		}
	}
}

// A file of nothing but 'l' bytes used to recurse once per byte until the
// goroutine's stack limit ended the process. Now it is an ordinary error.
func TestDecodeBoundsNesting(t *testing.T) {
	deep := bytes.Repeat([]byte("l"), 4<<20)
	if _, err := Decode(deep); err == nil || !strings.Contains(err.Error(), "nested") {
		t.Fatalf("Decode(4 MiB of 'l') = %v, want a nesting error", err)
	}
	ok := strings.Repeat("l", maxDepth) + strings.Repeat("e", maxDepth)
	if _, err := Decode([]byte(ok)); err != nil {
		t.Fatalf("%d levels: %v", maxDepth, err)
	}
	tooDeep := "l" + ok + "e"
	if _, err := Decode([]byte(tooDeep)); err == nil {
		t.Fatalf("%d levels decoded, want an error", maxDepth+1)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	v := map[string]any{
		"b": []any{int64(1), "x", map[string]any{}},
		"a": int64(-7),
		"c": []byte{0, 1, 2},
	}
	enc, err := Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := "d1:ai-7e1:bli1e1:xdee1:c3:\x00\x01\x02e"; string(enc) != want {
		t.Fatalf("Encode = %q, want %q", enc, want)
	}
	cyclic := []any{nil}
	cyclic[0] = cyclic
	if _, err := Encode(cyclic); err == nil {
		t.Fatal("Encode of a cyclic list succeeded")
	}
}

func TestInfoHashIsOverRawBytes(t *testing.T) {
	// An info dictionary with a key this client does not model ("private").
	// Re-encoding only the known fields would hash different bytes.
	info := "d6:lengthi5e4:name5:hello12:piece lengthi16384e6:pieces20:" +
		strings.Repeat("x", 20) + "7:privatei1ee"
	raw := []byte("d8:announce21:http://tracker.test/a4:info" + info + "e")
	m, err := ParseMetainfo(raw)
	if err != nil {
		t.Fatal(err)
	}
	if m.InfoHash != sha1.Sum([]byte(info)) {
		t.Fatal("info hash is not the SHA-1 of the info dictionary's bytes")
	}
	known, _ := Encode(map[string]any{
		"length": int64(5), "name": "hello", "piece length": int64(16384), "pieces": strings.Repeat("x", 20),
	})
	if m.InfoHash == sha1.Sum(known) {
		t.Fatal("hash of the re-encoded known fields should differ")
	}
}

func TestParseMetainfoRejects(t *testing.T) {
	for name, raw := range map[string]string{
		"not a dict":       "le",
		"no info":          "d8:announce1:xe",
		"multi-file":       "d8:announce1:x4:infod5:filesleee",
		"no announce":      "d4:infod6:lengthi1e4:name1:a12:piece lengthi1e6:pieces20:" + strings.Repeat("x", 20) + "ee",
		"hash count":       "d8:announce1:x4:infod6:lengthi2e4:name1:a12:piece lengthi1e6:pieces20:" + strings.Repeat("x", 20) + "ee",
		"huge piece":       "d8:announce1:x4:infod6:lengthi1e4:name1:a12:piece lengthi1099511627776e6:pieces20:" + strings.Repeat("x", 20) + "ee",
		"huge length":      "d8:announce1:x4:infod6:lengthi9223372036854775807e4:name1:a12:piece lengthi16384e6:pieces20:" + strings.Repeat("x", 20) + "ee",
		"pieces not 20s":   "d8:announce1:x4:infod6:lengthi1e4:name1:a12:piece lengthi1e6:pieces3:abcee",
		"negative length":  "d8:announce1:x4:infod6:lengthi-1e4:name1:a12:piece lengthi1e6:pieces0:ee",
		"info not a dict":  "d8:announce1:x4:infoi1ee",
		"nested info only": "d1:ad4:infodeee",
	} {
		if _, err := ParseMetainfo([]byte(raw)); err == nil {
			t.Errorf("%s: ParseMetainfo accepted %q", name, raw)
		}
	}
}

// FuzzDecode checks that no input crashes the decoder and that every input
// it accepts is canonical: encoding the decoded value gives back the same
// bytes. With plain go test it runs the seed corpus below.
func FuzzDecode(f *testing.F) {
	raw, _ := testTorrent(f, bytes.Repeat([]byte("seed"), 10000), 16384)
	for _, s := range []string{
		"4:spam", "0:", "i3e", "i-3e", "i0e", "i03e", "i-0e", "ie", "le", "de",
		"l4:spami7ee", "d3:cow3:moo4:spam4:eggse", "d4:spaml1:a1:bee",
		"d4:spam1:a3:cow1:be", "99999999999999999999:x", "5:spam",
		strings.Repeat("l", 100), strings.Repeat("d1:a", 70),
		string(raw),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		enc, err := Encode(v)
		if err != nil {
			t.Fatalf("Encode of a decoded value: %v", err)
		}
		if !bytes.Equal(enc, data) {
			t.Fatalf("accepted %q, which re-encodes as %q", data, enc)
		}
		ParseMetainfo(data) // must not panic either
		parseAnnounce(data)
	})
}
