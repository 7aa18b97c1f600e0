package bittorrent

import (
	"bytes"
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

func TestEscapeBytes(t *testing.T) {
	in := []byte{'a', 'Z', '0', '-', '.', '_', '~', ' ', '+', '%', 0x00, 0xff}
	if got, want := escapeBytes(in), "aZ0-._~%20%2B%25%00%FF"; got != want {
		t.Fatalf("escapeBytes = %q, want %q", got, want)
	}
	// The article's figure: 1-(255/256)^20 of random 20-byte hashes
	// contain at least one 0x20, a byte that url.Values would turn into '+'.
	if p := 1 - math.Pow(255.0/256, 20); math.Abs(p-0.0752) > 0.0001 {
		t.Fatalf("probability = %.4f", p)
	}
}

func TestAnnounceURL(t *testing.T) {
	m := &Metainfo{Announce: "http://tracker.test/announce?key=abc", Length: 1000}
	m.InfoHash[0] = ' '
	u, err := announceURL(m, [20]byte{'-', 'G', 'F'}, 6881)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(u, "http://tracker.test/announce?key=abc&info_hash=%20%00") {
		t.Fatalf("announce URL %q", u)
	}
	for _, bad := range []string{"udp://tracker.test:1337/announce", "file:///etc/passwd", "::"} {
		if _, err := announceURL(&Metainfo{Announce: bad}, [20]byte{}, 6881); err == nil {
			t.Errorf("announceURL(%q) succeeded", bad)
		}
	}
}

func TestParseAnnounce(t *testing.T) {
	compact := string([]byte{10, 0, 0, 1, 0x1a, 0xe1, 192, 168, 1, 2, 0, 80})
	v6 := string(append(netip.MustParseAddr("2001:db8::1").AsSlice(), 0x1a, 0xe1))
	for name, tc := range map[string]struct {
		body string
		want []string
	}{
		// BEP 23: 6 bytes per peer; 0x1AE1 is port 6881.
		"compact": {"d8:intervali900e5:peers12:" + compact + "e", []string{"10.0.0.1:6881", "192.168.1.2:80"}},
		// BEP 3's original list of dictionaries; the DNS name is skipped.
		"dictionaries": {"d8:intervali900e5:peersld2:ip8:10.0.0.94:porti6881eed2:ip9:peer.test4:porti1eeee",
			[]string{"10.0.0.9:6881"}},
		// BEP 7: IPv6 peers in peers6, 18 bytes each.
		"peers6": {"d8:intervali900e5:peers0:6:peers618:" + v6 + "e", []string{"[2001:db8::1]:6881"}},
	} {
		res, err := parseAnnounce([]byte(tc.body))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var got []string
		for _, p := range res.Peers {
			got = append(got, p.String())
		}
		if !reflect.DeepEqual(got, tc.want) || res.Interval != 900*time.Second {
			t.Errorf("%s: peers %v interval %v, want %v and 15m0s", name, got, res.Interval, tc.want)
		}
	}
	for name, body := range map[string]string{
		"failure":     "d14:failure reason12:unregisterede",
		"no interval": "d5:peers0:e",
		"bad compact": "d8:intervali1e5:peers5:abcdee",
		"not bencode": "<html>",
		"not a dict":  "li1ee",
	} {
		if _, err := parseAnnounce([]byte(body)); err == nil {
			t.Errorf("%s: parseAnnounce accepted %q", name, body)
		}
	}
}

// The fake tracker runs on httptest's in-memory network (Go 1.27), inside
// a synctest bubble, so the 30-second timeout passes in no real time.
func TestAnnounce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, m := testTorrent(t, []byte("hello"), 16384)
		self := [20]byte{'-', 'G', 'F', '0', '0', '0', '1', '-'}
		srv := httptest.NewTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Get("info_hash") != string(m.InfoHash[:]) || q.Get("peer_id") != string(self[:]) ||
				q.Get("left") != "5" || q.Get("compact") != "1" {
				w.Write([]byte("d14:failure reason9:bad querye"))
				return
			}
			w.Write([]byte("d8:intervali1800e5:peers6:\x0a\x00\x00\x01\x1a\xe1e"))
		}))
		res, err := Announce(context.Background(), srv.Client(), m, self, 6881)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Peers) != 1 || res.Peers[0].String() != "10.0.0.1:6881" || res.Interval != 30*time.Minute {
			t.Fatalf("got %+v", res)
		}
	})
}

func TestAnnounceGivesUpOnASilentTracker(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, m := testTorrent(t, []byte("hello"), 16384)
		srv := httptest.NewTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		}))
		start := time.Now()
		// The test server's client has no Timeout of its own; Announce's
		// deadline must still end the request.
		_, err := Announce(context.Background(), srv.Client(), m, [20]byte{}, 6881)
		if err == nil {
			t.Fatal("Announce to a silent tracker succeeded")
		}
		if took := time.Since(start); took != trackerTimeout {
			t.Fatalf("gave up after %v, want %v", took, trackerTimeout)
		}
	})
}

func TestAnnounceRefusesHugeBodies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		_, m := testTorrent(t, []byte("hello"), 16384)
		srv := httptest.NewTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write(bytes.Repeat([]byte("l"), maxTrackerBody+1))
		}))
		if _, err := Announce(context.Background(), srv.Client(), m, [20]byte{}, 6881); err == nil ||
			!strings.Contains(err.Error(), "larger than 1 MiB") {
			t.Fatalf("err = %v", err)
		}
	})
}

// The whole client, offline: a fake tracker hands out fake peers.
func TestEndToEnd(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(5*16384 + 7)
		_, m := testTorrent(t, data, 16384)
		srv := httptest.NewTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("d8:intervali900e5:peers12:\x0a\x00\x00\x01\x1a\xe1\x0a\x00\x00\x02\x1a\xe1e"))
		}))
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, corrupt: true},
			"10.0.0.2:6881": {data: data, m: m},
		}}
		ann, err := Announce(context.Background(), srv.Client(), m, [20]byte{'c'}, 6881)
		if err != nil {
			t.Fatal(err)
		}
		d := Downloader{Meta: m, PeerID: [20]byte{'c'}, Dial: sw.dial}
		out := &memFile{buf: make([]byte, m.Length)}
		if err := d.Download(context.Background(), ann.Peers, out); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.buf, data) {
			t.Fatal("downloaded data differs")
		}
	})
}
