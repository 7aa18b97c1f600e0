package bittorrent

import (
	"context"
	"crypto/sha1"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testTorrent builds a single-file torrent for data.
func testTorrent(tb testing.TB, data []byte, pieceLen int) ([]byte, *Metainfo) {
	tb.Helper()
	var pieces []byte
	for i := 0; i < len(data); i += pieceLen {
		h := sha1.Sum(data[i:min(i+pieceLen, len(data))])
		pieces = append(pieces, h[:]...)
	}
	raw, err := Encode(map[string]any{
		"announce": "http://tracker.test/announce",
		"info": map[string]any{
			"name":         "test.bin",
			"length":       int64(len(data)),
			"piece length": int64(pieceLen),
			"pieces":       pieces,
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	m, err := ParseMetainfo(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return raw, m
}

// seeder is a fake peer that serves data over one connection. The zero
// value serves every piece and unchokes at once.
type seeder struct {
	data     []byte
	m        *Metainfo
	has      func(piece int) bool // nil: every piece
	corrupt  bool                 // flip a byte in every block
	silent   bool                 // never answer the handshake
	noPieces bool                 // announce nothing at all
	twice    bool                 // send every block two times
	misalign bool                 // send blocks at the wrong offset

	unchokeAfter time.Duration // wait this long before the first unchoke
	chokeAfter   int           // choke once after serving this many blocks (0: never)
	chokeFor     time.Duration // and unchoke again after this long

	served atomic.Int64 // blocks sent
}

func (s *seeder) serve(conn net.Conn) {
	defer conn.Close()
	if s.silent {
		io.Copy(io.Discard, conn) // read until the client hangs up
		return
	}
	hs, err := ReadHandshake(conn)
	if err != nil || hs.InfoHash != s.m.InfoHash {
		return
	}
	if _, err := conn.Write(Handshake{InfoHash: s.m.InfoHash, PeerID: [20]byte{'s'}}.Bytes()); err != nil {
		return
	}
	if !s.noPieces {
		bf := make(Bitfield, (len(s.m.Pieces)+7)/8)
		for i := range s.m.Pieces {
			if s.has == nil || s.has(i) {
				bf.Set(i)
			}
		}
		if WriteMessage(conn, Message{ID: MsgBitfield, Payload: bf}) != nil {
			return
		}
	}

	// net.Pipe has no buffer, so a separate goroutine reads while this
	// one writes; requests queue in a channel with room for many.
	incoming := make(chan *Message, 64)
	done := make(chan struct{})
	defer close(done)
	go func() {
		defer close(incoming)
		for {
			m, err := ReadMessage(conn)
			if err != nil {
				return
			}
			select {
			case incoming <- m:
			case <-done:
				return
			}
		}
	}()

	unchoke := time.After(s.unchokeAfter)
	choked, choked1 := true, false
	for {
		select {
		case <-unchoke:
			if WriteMessage(conn, Message{ID: MsgUnchoke}) != nil {
				return
			}
			choked = false
		case m, ok := <-incoming:
			if !ok {
				return
			}
			if m == nil || m.ID != MsgRequest || choked || len(m.Payload) != 12 {
				continue // a choked peer drops requests, as BEP 3 describes
			}
			index := int(binary.BigEndian.Uint32(m.Payload[0:]))
			begin := int(binary.BigEndian.Uint32(m.Payload[4:]))
			length := int(binary.BigEndian.Uint32(m.Payload[8:]))
			start := index*int(s.m.PieceLength) + begin
			block := append([]byte(nil), s.data[start:start+length]...)
			if s.corrupt {
				block[0] ^= 0xff
			}
			if s.misalign {
				begin++
			}
			payload := binary.BigEndian.AppendUint32(nil, uint32(index))
			payload = binary.BigEndian.AppendUint32(payload, uint32(begin))
			msg := Message{ID: MsgPiece, Payload: append(payload, block...)}
			if WriteMessage(conn, msg) != nil || s.twice && WriteMessage(conn, msg) != nil {
				return
			}
			if n := s.served.Add(1); s.chokeAfter > 0 && n == int64(s.chokeAfter) && !choked1 {
				choked1, choked = true, true
				if WriteMessage(conn, Message{ID: MsgChoke}) != nil {
					return
				}
				unchoke = time.After(s.chokeFor)
			}
		}
	}
}

// swarm maps fake addresses to seeders and hands the downloader one end
// of a net.Pipe for each dial. It records every connection it gives out,
// so a test can check that all of them were closed.
type swarm struct {
	t       *testing.T
	seeders map[string]*seeder
	mu      sync.Mutex
	conns   []*trackedConn
}

type trackedConn struct {
	net.Conn
	closed atomic.Bool
}

func (c *trackedConn) Close() error {
	c.closed.Store(true)
	return c.Conn.Close()
}

func (sw *swarm) dial(ctx context.Context, network, address string) (net.Conn, error) {
	s, ok := sw.seeders[address]
	if !ok {
		return nil, fmt.Errorf("dial %s: connection refused", address)
	}
	client, server := net.Pipe()
	go s.serve(server)
	c := &trackedConn{Conn: client}
	sw.mu.Lock()
	sw.conns = append(sw.conns, c)
	sw.mu.Unlock()
	return c, nil
}

func (sw *swarm) allClosed() bool {
	sw.mu.Lock()
	defer sw.mu.Unlock()
	for _, c := range sw.conns {
		if !c.closed.Load() {
			return false
		}
	}
	return true
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
