// bittorrent-swarm: one torrent, downloaded from four simulated peers.
//
// The Go program that main.ts mirrors, with the real client: the Go Field Guide's BitTorrent
// package (content/go/bittorrent), the code of "Build a BitTorrent client in Go". It builds a
// torrent for seeded bytes, shows what the decoder refuses, lays out the handshake and a
// request frame, then downloads the file with bittorrent.Downloader from four in-memory peers
// (one end of a net.Pipe each): a fast one, a slow one, one that chokes us mid-piece and
// unchokes later, and one that corrupts every block.
//
// The client cannot be watched from outside, so this program reports what the peers see. Its
// deadlines are the package's own, 100 times those main.ts uses (60 s to be unchoked, 20 s
// per message, 60 s per piece): no peer here comes near them.
//
// From the repository root: go run ./playgrounds/bittorrent-swarm
package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"gofieldguide/content/go/bittorrent"
	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed           = 7          // the same seed gives the same file and torrent as main.ts
	pieces         = 10         // pieces in the torrent; the last one is short
	pieceLength    = 128 * 1024 // 8 blocks of 16 KiB
	lastPieceBytes = 40_000     // 3 blocks, the last of them short
	blockSize      = 16 * 1024
)

type peerSpec struct {
	name, address string
	latency       time.Duration // one-way network delay
	block         time.Duration // time to upload one 16 KiB block
	unchokeAfter  time.Duration
	has           func(i int) bool
	corrupt       bool
	chokeAfter    int // choke once after serving this many blocks (0: never)
	chokeFor      time.Duration
}

const ms = time.Millisecond

var swarmPeers = []*peerSpec{
	{name: "fast", address: "10.0.0.1:6881", latency: 5 * ms, block: 8 * ms, unchokeAfter: 40 * ms, has: func(i int) bool { return i != 7 && i != 9 }},
	{name: "slow", address: "10.0.0.2:6881", latency: 20 * ms, block: 50 * ms, has: func(i int) bool { return i != 7 }},
	{name: "choker", address: "10.0.0.3:6881", latency: 20 * ms, block: 10 * ms, has: func(i int) bool { return i != 9 }, chokeAfter: 6, chokeFor: 300 * ms},
	{name: "corrupt", address: "10.0.0.4:6881", latency: 5 * ms, block: 4 * ms, has: func(i int) bool { return i == 7 }, corrupt: true},
}

var start = time.Now()

func logf(format string, args ...any) {
	fmt.Printf("+%.3fs %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
}

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func makeData() []byte {
	r := &random{state: seed}
	data := make([]byte, (pieces-1)*pieceLength+lastPieceBytes)
	for i := range data {
		data[i] = byte(r.next() * 256)
	}
	return data
}

// makeTorrent builds a single-file torrent for data, as the package's tests do.
func makeTorrent(data []byte) ([]byte, *bittorrent.Metainfo) {
	var hashes []byte
	for i := 0; i < len(data); i += pieceLength {
		h := sha1.Sum(data[i:min(i+pieceLength, len(data))])
		hashes = append(hashes, h[:]...)
	}
	raw, err := bittorrent.Encode(map[string]any{
		"announce": "http://tracker.invalid/announce",
		"info": map[string]any{
			"name":         "swarm.bin",
			"length":       int64(len(data)),
			"piece length": int64(pieceLength),
			"pieces":       hashes,
		},
	})
	if err != nil {
		panic(err)
	}
	m, err := bittorrent.ParseMetainfo(raw)
	if err != nil {
		panic(err)
	}
	return raw, m
}

func main() {
	fmt.Println("bittorrent-swarm: one torrent, four peers, one of them lying")
	fmt.Printf("seed %d: %d pieces of %d KiB (16 KiB blocks, 5 requests in flight), the package's own deadlines\n", seed, pieces, pieceLength/1024)

	fmt.Println("\n1. the torrent: bencode and the info hash")
	data := makeData()
	raw, m := makeTorrent(data)
	infoHash := hex.EncodeToString(m.InfoHash[:])
	logf("%d bytes of bencode: %s", len(raw), showTorrent(raw))
	logf("info hash = SHA-1 of the info dictionary's bytes as they are in the file: %s", infoHash)
	v, err := bittorrent.Decode(raw)
	if err != nil {
		panic(err)
	}
	again, err := bittorrent.Encode(v)
	reencoded := err == nil && bytes.Equal(again, raw)
	logf("decode, then encode again: the same bytes: %v (only canonical bencode is accepted)", reencoded)
	gfgtrace.Milestone("info hash", infoHash)
	gfgtrace.Milestone("torrent re-encodes to itself", reencoded)
	time.Sleep(300 * ms)

	fmt.Println("\n2. what the decoder refuses from a stranger")
	hostile := []struct {
		label string
		input []byte
	}{
		{"4 MiB of 'l'", bytes.Repeat([]byte("l"), 4<<20)},
		{"99999999999999999999:x", []byte("99999999999999999999:x")},
		{"5:spam", []byte("5:spam")},
		{"i-0e", []byte("i-0e")},
		{"i03e", []byte("i03e")},
		{"d4:spam1:a3:cow1:be", []byte("d4:spam1:a3:cow1:be")},
	}
	rejected := 0
	for _, h := range hostile {
		_, err := bittorrent.Decode(h.input)
		switch {
		case err == nil:
			logf("%-24s accepted", h.label)
		case errors.Is(err, bittorrent.ErrSyntax):
			rejected++
			logf("%-24s %s", h.label, strings.TrimPrefix(err.Error(), "bencode: invalid input "))
		default:
			panic(err)
		}
	}
	gfgtrace.Milestone("hostile inputs rejected", rejected)
	time.Sleep(300 * ms)

	fmt.Println("\n3. on the wire: the handshake and one framed message")
	var self [20]byte
	copy(self[:], "-GF0001-playground01")
	hs := bittorrent.Handshake{InfoHash: m.InfoHash, PeerID: self}.Bytes()
	logf("handshake, %d bytes: 13 'BitTorrent protocol' 00 x8 %x '%s'", len(hs), hs[28:48], hs[48:])
	var frame bytes.Buffer
	payload := binary.BigEndian.AppendUint32(nil, 7)
	payload = binary.BigEndian.AppendUint32(payload, blockSize)
	payload = binary.BigEndian.AppendUint32(payload, blockSize)
	bittorrent.WriteMessage(&frame, bittorrent.Message{ID: bittorrent.MsgRequest, Payload: payload})
	f := frame.Bytes()
	logf("request(piece 7, begin 16384, length 16384): % x | % x | % x", f[:4], f[4:5], f[5:])
	gfgtrace.Milestone("handshake bytes", len(hs))
	gfgtrace.Milestone("request frame", hex.EncodeToString(f))
	time.Sleep(300 * ms)

	fmt.Printf("\n4. the download from %d peers\n", len(swarmPeers))
	sw := &swarm{seeders: map[string]*seeder{}}
	var addrs []netip.AddrPort
	for _, p := range swarmPeers {
		sw.seeders[p.address] = &seeder{spec: p, data: data, m: m, blocks: map[int]map[int]bool{}}
		addrs = append(addrs, netip.MustParseAddrPort(p.address))
	}
	out := &memFile{buf: make([]byte, m.Length)}
	d := bittorrent.Downloader{Meta: m, PeerID: self, Dial: sw.dial}
	began := time.Now()
	err = d.Download(context.Background(), addrs, out)
	took := time.Since(began).Round(ms)
	if err != nil {
		logf("download failed after %v: %v", took, err)
	} else {
		logf("download complete after %v", took)
	}

	// Check the result independently of the client: every piece against the metainfo.
	verified := 0
	for i, want := range m.Pieces {
		begin := i * pieceLength
		if sha1.Sum(out.buf[begin:min(begin+pieceLength, len(out.buf))]) == want {
			verified++
		}
	}
	// Each whole piece a corrupting peer sent was caught: the client checked it, gave it back
	// and hung up, and the file is still right.
	caught := 0
	for _, s := range sw.seeders {
		if s.spec.corrupt {
			caught += len(s.wholePieces())
		}
	}
	gfgtrace.Milestone("pieces verified", verified)
	gfgtrace.Milestone("corrupt pieces caught", caught)
	// Pieces only one honest peer has: the schedule decides who delivers them.
	var forced []int
	for i := range pieces {
		honest := 0
		for _, p := range swarmPeers {
			if !p.corrupt && p.has(i) {
				honest++
			}
		}
		if honest == 1 {
			forced = append(forced, i)
		}
	}
	deliveredBy := func(i int) string {
		for _, p := range swarmPeers {
			if s := sw.seeders[p.address]; !p.corrupt && s.whole(i) {
				return p.name
			}
		}
		return "nobody"
	}
	for _, i := range forced {
		gfgtrace.Milestone(fmt.Sprintf("piece %d delivered by", i), deliveredBy(i))
	}

	fmt.Println("\nsummary")
	fmt.Printf("  %-9s%-24s%-13s%s\n", "peer", "whole pieces sent", "blocks sent", "")
	for _, p := range swarmPeers {
		s := sw.seeders[p.address]
		sent := fmt.Sprint(s.wholePieces())
		fmt.Printf("  %-9s%-24s%-13d%s\n", p.name, strings.Trim(sent, "[]"), s.served, map[bool]string{true: "(corrupted)", false: ""}[p.corrupt])
	}
	fmt.Println()
	fmt.Printf("  pieces verified        %d of %d (each piece checked against its SHA-1 in the metainfo)\n", verified, pieces)
	fmt.Printf("  corrupt pieces caught  %d\n", caught)
	for _, i := range forced {
		fmt.Printf("  piece %d delivered by   %s (the only honest peer that has it)\n", i, deliveredBy(i))
	}
	if err != nil {
		fmt.Printf("  download failed: %v; info hash %s...\n", err, infoHash[:16])
	} else {
		fmt.Printf("  download took %v; info hash %s...\n", took, infoHash[:16])
	}
}

// showTorrent prints the bencode with the 20-byte hashes left out.
func showTorrent(raw []byte) string {
	s := string(raw)
	i := strings.Index(s, "6:pieces") + len("6:pieces")
	j := strings.Index(s[i:], ":") + i
	n, _ := strconv.Atoi(s[i:j])
	return fmt.Sprintf("%s:<%d SHA-1 hashes>ee", s[:j], n/20)
}

// swarm hands the downloader one end of a net.Pipe per dial, with a seeder on the other.
type swarm struct {
	seeders map[string]*seeder
}

func (sw *swarm) dial(ctx context.Context, network, address string) (net.Conn, error) {
	s, ok := sw.seeders[address]
	if !ok {
		return nil, fmt.Errorf("dial %s: connection refused", address)
	}
	select {
	case <-time.After(2 * s.spec.latency): // the TCP handshake's round trip
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	client, server := net.Pipe()
	go s.serve(server)
	return client, nil
}

// seeder is a simulated peer, the package tests' fake seeder with a network delay and an
// upload speed added: each request reaches it latency after it was sent, its blocks go out
// one after another, block apart, and each reaches the client latency later.
type seeder struct {
	spec *peerSpec
	data []byte
	m    *bittorrent.Metainfo

	mu     sync.Mutex
	served int
	blocks map[int]map[int]bool // piece -> offsets of the blocks sent
}

type request struct {
	index, begin, length int
	at                   time.Time // when the client sent it
}

func (s *seeder) serve(conn net.Conn) {
	defer conn.Close()
	p := s.spec
	lane := p.name
	connSpan := gfgtrace.Begin(lane, "connection")
	defer connSpan.End(gfgtrace.OK)
	hs, err := bittorrent.ReadHandshake(conn)
	if err != nil || hs.InfoHash != s.m.InfoHash {
		return
	}
	time.Sleep(2 * p.latency) // theirs travelled to us, ours travels back
	if _, err := conn.Write(bittorrent.Handshake{InfoHash: s.m.InfoHash, PeerID: [20]byte{'s'}}.Bytes()); err != nil {
		return
	}
	bf := make(bittorrent.Bitfield, (len(s.m.Pieces)+7)/8)
	n := 0
	for i := range s.m.Pieces {
		if p.has(i) {
			bf.Set(i)
			n++
		}
	}
	if bittorrent.WriteMessage(conn, bittorrent.Message{ID: bittorrent.MsgBitfield, Payload: bf}) != nil {
		return
	}
	logf("%-8s handshake ok, sends a bitfield of %d of %d pieces", lane, n, len(s.m.Pieces))

	// net.Pipe has no buffer, so a separate goroutine reads while this one writes.
	incoming := make(chan request, 64)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(incoming)
		for {
			msg, err := bittorrent.ReadMessage(conn)
			if err != nil {
				return
			}
			if msg == nil || msg.ID != bittorrent.MsgRequest || len(msg.Payload) != 12 {
				continue
			}
			r := request{
				index:  int(binary.BigEndian.Uint32(msg.Payload[0:])),
				begin:  int(binary.BigEndian.Uint32(msg.Payload[4:])),
				length: int(binary.BigEndian.Uint32(msg.Payload[8:])),
				at:     time.Now(),
			}
			select {
			case incoming <- r:
			case <-done:
				return
			}
		}
	}()

	unchoke := time.After(p.unchokeAfter)
	choked, chokedOnce := true, false
	var busyUntil time.Time
	for {
		select {
		case <-unchoke:
			if bittorrent.WriteMessage(conn, bittorrent.Message{ID: bittorrent.MsgUnchoke}) != nil {
				return
			}
			choked = false
			gfgtrace.Instant(lane, "unchoke", gfgtrace.Info)
		case r, ok := <-incoming:
			if !ok {
				return // the client hung up
			}
			if choked {
				continue // a choked peer drops requests, as BEP 3 describes
			}
			// The request arrived latency after it was sent; the block goes out when the
			// upload link is free, and arrives latency after that.
			begin := r.at.Add(p.latency)
			if busyUntil.After(begin) {
				begin = busyUntil
			}
			busyUntil = begin.Add(p.block)
			time.Sleep(time.Until(busyUntil.Add(p.latency)))
			offset := r.index*int(s.m.PieceLength) + r.begin
			block := append([]byte(nil), s.data[offset:offset+r.length]...)
			if p.corrupt {
				block[0] ^= 0xff
			}
			msg := binary.BigEndian.AppendUint32(nil, uint32(r.index))
			msg = binary.BigEndian.AppendUint32(msg, uint32(r.begin))
			if bittorrent.WriteMessage(conn, bittorrent.Message{ID: bittorrent.MsgPiece, Payload: append(msg, block...)}) != nil {
				return
			}
			if s.record(r.index, r.begin) {
				what := "sent piece"
				if p.corrupt {
					what = "sent a corrupted piece"
				}
				logf("%-8s %s %d", lane, what, r.index)
				gfgtrace.Instant(lane, fmt.Sprintf("piece %d sent", r.index), map[bool]gfgtrace.Level{true: gfgtrace.Err, false: gfgtrace.Info}[p.corrupt])
			}
			if s.served == p.chokeAfter && !chokedOnce {
				chokedOnce, choked = true, true
				if bittorrent.WriteMessage(conn, bittorrent.Message{ID: bittorrent.MsgChoke}) != nil {
					return
				}
				logf("%-8s chokes the client after %d blocks, for %v", lane, s.served, p.chokeFor)
				gfgtrace.Instant(lane, "choke", gfgtrace.Warn)
				unchoke = time.After(p.chokeFor)
			}
		}
	}
}

// record notes one block sent; true when it completes a whole piece.
func (s *seeder) record(index, begin int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.served++
	if s.blocks[index] == nil {
		s.blocks[index] = map[int]bool{}
	}
	before := s.wholeLocked(index)
	s.blocks[index][begin] = true
	return !before && s.wholeLocked(index)
}

func (s *seeder) whole(i int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wholeLocked(i)
}

func (s *seeder) wholeLocked(i int) bool {
	length := min(int(s.m.PieceLength), int(s.m.Length)-i*int(s.m.PieceLength))
	return len(s.blocks[i]) == (length+blockSize-1)/blockSize
}

func (s *seeder) wholePieces() []int {
	var out []int
	for i := range s.m.Pieces {
		if s.whole(i) {
			out = append(out, i)
		}
	}
	return out
}

// memFile is an io.WriterAt over a byte slice.
type memFile struct {
	mu  sync.Mutex
	buf []byte
}

func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return copy(f.buf[off:], p), nil
}
