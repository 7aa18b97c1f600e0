package bittorrent

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"net/netip"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// The tests run inside synctest bubbles: time is fake, so the 60-second
// unchoke wait and the other deadlines pass instantly, and the bubble
// fails the test if any goroutine is left running.

func testData(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func addrs(sw *swarm) []netip.AddrPort {
	var out []netip.AddrPort
	for a := range sw.seeders {
		out = append(out, netip.MustParseAddrPort(a))
	}
	return out
}

func run(t *testing.T, m *Metainfo, sw *swarm) (*memFile, error) {
	d := Downloader{Meta: m, PeerID: [20]byte{'c'}, Dial: sw.dial}
	out := &memFile{buf: make([]byte, m.Length)}
	err := d.Download(context.Background(), addrs(sw), out)
	// Download returns only after its workers have stopped, so every
	// connection must already be closed.
	if !sw.allClosed() {
		t.Error("Download returned with connections still open")
	}
	return out, err
}

func TestDownloadFromAMixedSwarm(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(10*32768 + 1000) // 11 pieces, the last one short
		_, m := testTorrent(t, data, 32768)
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, corrupt: true},
			"10.0.0.2:6881": {data: data, m: m, has: func(i int) bool { return i%2 == 0 }},
			"10.0.0.3:6881": {data: data, m: m, chokeAfter: 3, chokeFor: 5 * time.Second},
			"10.0.0.4:6881": {data: data, m: m, silent: true},
			"10.0.0.5:6881": {data: data, m: m, unchokeAfter: 45 * time.Second},
		}}
		out, err := run(t, m, sw)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.buf, data) {
			t.Fatal("downloaded data differs")
		}
	})
}

// BEP 3's optimistic unchoke rotates every 30 seconds; a peer that lets
// us in after 45 seconds must not be dropped.
func TestSlowUnchokeIsNotDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(3 * 16384)
		_, m := testTorrent(t, data, 16384)
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, unchokeAfter: 45 * time.Second},
		}}
		start := time.Now()
		out, err := run(t, m, sw)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.buf, data) {
			t.Fatal("downloaded data differs")
		}
		if took := time.Since(start); took < 45*time.Second {
			t.Fatalf("took %v, want at least the 45 s unchoke delay", took)
		}
	})
}

func TestDownloadFailsWhenPeersRunOut(t *testing.T) {
	for name, tc := range map[string]struct {
		s    *seeder
		want string
		took time.Duration
	}{
		"half the pieces":     {s: &seeder{has: func(i int) bool { return i < 2 }}, want: "2 of 4 pieces missing"},
		"corrupt":             {s: &seeder{corrupt: true}, want: "4 of 4 pieces missing"},
		"silent":              {s: &seeder{silent: true}, want: "4 of 4 pieces missing", took: handshakeTimeout},
		"never unchokes":      {s: &seeder{unchokeAfter: time.Hour}, want: "4 of 4 pieces missing", took: unchokeTimeout},
		"announces nothing":   {s: &seeder{noPieces: true}, want: "4 of 4 pieces missing", took: unchokeTimeout},
		"no peers at all":     {want: "4 of 4 pieces missing"},
		"choked for too long": {s: &seeder{chokeAfter: 1, chokeFor: time.Hour}, want: "3 of 4 pieces missing", took: unchokeTimeout},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				data := testData(4 * 16384)
				_, m := testTorrent(t, data, 16384)
				sw := &swarm{t: t, seeders: map[string]*seeder{}}
				if name != "no peers at all" {
					tc.s.data, tc.s.m = data, m
					sw.seeders["10.0.0.1:6881"] = tc.s
				}
				start := time.Now()
				_, err := run(t, m, sw)
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want %q", err, tc.want)
				}
				if took := time.Since(start); took != tc.took {
					t.Fatalf("gave up after %v, want %v", took, tc.took)
				}
			})
		})
	}
}

// Cancelling the context must stop workers in every phase, including
// the wait for unchoke, which comes before any piece is requested.
func TestCancelStopsWorkersWhileWaitingForUnchoke(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(4 * 16384)
		_, m := testTorrent(t, data, 16384)
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, unchokeAfter: time.Hour},
			"10.0.0.2:6881": {data: data, m: m, silent: true},
		}}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		d := Downloader{Meta: m, PeerID: [20]byte{'c'}, Dial: sw.dial}
		start := time.Now()
		err := d.Download(ctx, addrs(sw), &memFile{buf: make([]byte, m.Length)})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want the context's deadline", err)
		}
		if took := time.Since(start); took != 2*time.Second {
			t.Fatalf("returned after %v, want 2s", took)
		}
		if !sw.allClosed() {
			t.Fatal("connections still open after Download returned")
		}
	})
}

// A peer that answers every request twice: the second copy of each block
// must be ignored rather than counted towards the piece, or a piece would
// "complete" with holes, fail its hash, and cost us a good peer.
func TestDuplicateBlocksAreIgnored(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(2 * 65536) // 4 blocks per piece
		_, m := testTorrent(t, data, 65536)
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, twice: true},
		}}
		out, err := run(t, m, sw)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(out.buf, data) {
			t.Fatal("downloaded data differs")
		}
	})
}

func TestMisalignedBlocksDropThePeer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		data := testData(2 * 65536)
		_, m := testTorrent(t, data, 65536)
		sw := &swarm{t: t, seeders: map[string]*seeder{
			"10.0.0.1:6881": {data: data, m: m, misalign: true},
		}}
		if _, err := run(t, m, sw); err == nil || !strings.Contains(err.Error(), "2 of 2 pieces missing") {
			t.Fatalf("err = %v, want the download to fail", err)
		}
	})
}
