package bittorrent

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"
)

const (
	blockSize  = 16 * 1024 // 16 KiB: the request size BEP 3 says peers accept
	maxBacklog = 5         // unanswered requests kept in flight per peer

	dialTimeout      = 5 * time.Second
	handshakeTimeout = 10 * time.Second
	// BEP 3's optimistic unchoke moves to a new peer every 30 seconds, so a
	// peer whose upload slots are full may take that long, or longer, to
	// let a newcomer in. Sixty seconds covers two rotations.
	unchokeTimeout = 60 * time.Second
	// While we wait for blocks, data is expected and a silent peer is stuck.
	messageTimeout = 20 * time.Second
	pieceTimeout   = 60 * time.Second
)

var errChoked = errors.New("peer choked us")

// handshake exchanges the 68-byte greetings under one deadline.
func handshake(conn net.Conn, infoHash, self [20]byte) error {
	conn.SetDeadline(time.Now().Add(handshakeTimeout))
	defer conn.SetDeadline(time.Time{})
	if _, err := conn.Write(Handshake{InfoHash: infoHash, PeerID: self}.Bytes()); err != nil {
		return err
	}
	theirs, err := ReadHandshake(conn)
	if err != nil {
		return err
	}
	if theirs.InfoHash != infoHash {
		return errors.New("handshake: peer serves a different torrent")
	}
	return nil
}

// peer is one connection's state. It belongs to one worker goroutine.
type peer struct {
	conn       net.Conn
	numPieces  int
	choked     bool     // has the remote side choked us?
	interested bool     // have we told it we are interested?
	has        Bitfield // pieces the remote side has announced
}

func newPeer(conn net.Conn, numPieces int) *peer {
	// Connections start out choked and not interested.
	return &peer{conn: conn, numPieces: numPieces, choked: true, has: make(Bitfield, (numPieces+7)/8)}
}

// send writes one message; a peer that stops reading cannot block us.
func (p *peer) send(m Message) error {
	p.conn.SetWriteDeadline(time.Now().Add(messageTimeout))
	return WriteMessage(p.conn, m)
}

// receive reads one message, waiting until deadline at most.
func (p *peer) receive(deadline time.Time) (*Message, error) {
	p.conn.SetReadDeadline(deadline)
	m, err := ReadMessage(p.conn)
	if err != nil {
		return nil, err
	}
	return m, p.observe(m)
}

// observe updates connection state from any message and rejects those
// that break the protocol.
func (p *peer) observe(m *Message) error {
	if m == nil {
		return nil // keep-alive
	}
	switch m.ID {
	case MsgChoke:
		p.choked = true
	case MsgUnchoke:
		p.choked = false
	case MsgHave:
		if len(m.Payload) != 4 {
			return errors.New("wire: malformed have")
		}
		i := binary.BigEndian.Uint32(m.Payload)
		if i >= uint32(p.numPieces) {
			return fmt.Errorf("wire: have for piece %d of %d", i, p.numPieces)
		}
		p.has.Set(int(i))
	case MsgBitfield:
		if err := checkBitfield(m.Payload, p.numPieces); err != nil {
			return err
		}
		copy(p.has, m.Payload)
	}
	return nil
}

// awaitUnchoke reads messages until the peer unchokes us. It says
// "interested" only once the peer has announced a piece, because BEP 3
// wants interest to reflect whether the peer has something we lack.
func (p *peer) awaitUnchoke() error {
	deadline := time.Now().Add(unchokeTimeout)
	for p.choked || !p.interested {
		if !p.interested && p.hasAny() {
			if err := p.send(Message{ID: MsgInterested}); err != nil {
				return err
			}
			p.interested = true
			continue
		}
		if _, err := p.receive(deadline); err != nil {
			return err
		}
	}
	return nil
}

func (p *peer) hasAny() bool {
	for _, b := range p.has {
		if b != 0 {
			return true
		}
	}
	return false
}

// downloadPiece fetches one piece in 16 KiB blocks, keeping up to
// maxBacklog requests in flight.
func (p *peer) downloadPiece(index, length int) ([]byte, error) {
	buf := make([]byte, length)
	blocks := (length + blockSize - 1) / blockSize
	got := make([]bool, blocks) // which blocks have arrived
	requested, received, inFlight := 0, 0, 0
	pieceDeadline := time.Now().Add(pieceTimeout)

	for received < blocks {
		// Top up the pipeline while the peer lets us.
		for !p.choked && inFlight < maxBacklog && requested < blocks {
			begin := requested * blockSize
			n := min(blockSize, length-begin) // the last block may be short
			if err := p.send(requestMsg(index, begin, n)); err != nil {
				return nil, err
			}
			requested++
			inFlight++
		}

		// Each message must come within messageTimeout, and the whole
		// piece within pieceTimeout: a peer that trickles is as bad as
		// one that stalls.
		deadline := time.Now().Add(messageTimeout)
		if pieceDeadline.Before(deadline) {
			deadline = pieceDeadline
		}
		m, err := p.receive(deadline)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue // keep-alive
		}
		switch m.ID {
		case MsgChoke:
			// A choke discards our queued requests: give the piece back.
			return nil, errChoked
		case MsgPiece:
			i, begin, block, err := parsePiece(m.Payload)
			if err != nil {
				return nil, err
			}
			if i != index {
				continue // a late block of a piece we gave up on
			}
			if begin%blockSize != 0 || begin >= length || len(block) != min(blockSize, length-begin) {
				return nil, errors.New("wire: block does not match any request")
			}
			b := begin / blockSize
			if b >= requested || got[b] {
				continue // not asked for in this attempt, or a duplicate
			}
			copy(buf[begin:], block)
			got[b] = true
			received++
			inFlight--
		}
	}
	return buf, nil
}
