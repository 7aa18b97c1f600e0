package bittorrent

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const pstr = "BitTorrent protocol"

// Handshake is the first thing each side of a peer connection sends.
type Handshake struct {
	Reserved [8]byte
	InfoHash [20]byte
	PeerID   [20]byte
}

// Bytes lays the handshake out on the wire: 1 + 19 + 8 + 20 + 20 = 68 bytes.
func (h Handshake) Bytes() []byte {
	b := make([]byte, 0, 68)
	b = append(b, byte(len(pstr)))
	b = append(b, pstr...)
	b = append(b, h.Reserved[:]...)
	b = append(b, h.InfoHash[:]...)
	return append(b, h.PeerID[:]...)
}

// ReadHandshake reads the 68 bytes of a peer's handshake.
func ReadHandshake(r io.Reader) (Handshake, error) {
	var b [68]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return Handshake{}, err
	}
	if b[0] != byte(len(pstr)) || string(b[1:20]) != pstr {
		return Handshake{}, errors.New("handshake: not a BitTorrent peer")
	}
	var h Handshake
	copy(h.Reserved[:], b[20:28])
	copy(h.InfoHash[:], b[28:48])
	copy(h.PeerID[:], b[48:68])
	return h, nil
}

// MessageID is the first byte of every message except the keep-alive.
type MessageID uint8

// The nine messages of BEP 3.
const (
	MsgChoke         MessageID = 0
	MsgUnchoke       MessageID = 1
	MsgInterested    MessageID = 2
	MsgNotInterested MessageID = 3
	MsgHave          MessageID = 4
	MsgBitfield      MessageID = 5
	MsgRequest       MessageID = 6
	MsgPiece         MessageID = 7
	MsgCancel        MessageID = 8
)

// Message is one length-prefixed message after the handshake.
type Message struct {
	ID      MessageID
	Payload []byte
}

// maxFrame caps the length prefix we are willing to allocate for.
// A piece message with a 16 KiB block needs 9+16384 bytes; a bitfield
// needs one byte per 8 pieces. Anything far larger is hostile or broken.
const maxFrame = 1 << 18

// ReadMessage returns nil, nil for a keep-alive (length 0).
func ReadMessage(r io.Reader) (*Message, error) {
	var lenBuf [4]byte
	if _, err := io.ReadFull(r, lenBuf[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(lenBuf[:])
	if n == 0 {
		return nil, nil
	}
	if n > maxFrame {
		return nil, fmt.Errorf("wire: frame of %d bytes exceeds limit", n)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return &Message{ID: MessageID(body[0]), Payload: body[1:]}, nil
}

// WriteMessage frames m and writes it in one call.
func WriteMessage(w io.Writer, m Message) error {
	frame := make([]byte, 5+len(m.Payload))
	binary.BigEndian.PutUint32(frame, uint32(1+len(m.Payload)))
	frame[4] = byte(m.ID)
	copy(frame[5:], m.Payload)
	_, err := w.Write(frame)
	return err
}

func requestMsg(index, begin, length int) Message {
	p := make([]byte, 12)
	binary.BigEndian.PutUint32(p[0:], uint32(index))
	binary.BigEndian.PutUint32(p[4:], uint32(begin))
	binary.BigEndian.PutUint32(p[8:], uint32(length))
	return Message{ID: MsgRequest, Payload: p}
}

// parsePiece splits a piece message's payload into index, begin and block.
func parsePiece(payload []byte) (index, begin int, block []byte, err error) {
	if len(payload) < 8 {
		return 0, 0, nil, errors.New("wire: short piece message")
	}
	index = int(binary.BigEndian.Uint32(payload[0:4]))
	begin = int(binary.BigEndian.Uint32(payload[4:8]))
	return index, begin, payload[8:], nil
}

// Bitfield has one bit per piece, piece 0 in the high bit of byte 0.
type Bitfield []byte

// Has reports whether piece i is set.
func (bf Bitfield) Has(i int) bool {
	if i < 0 || i/8 >= len(bf) {
		return false
	}
	return bf[i/8]>>(7-i%8)&1 == 1
}

// Set marks piece i.
func (bf Bitfield) Set(i int) {
	if i >= 0 && i/8 < len(bf) {
		bf[i/8] |= 1 << (7 - i%8)
	}
}

// checkBitfield applies BEP 3's rules to a received bitfield: one bit per
// piece, rounded up to whole bytes, with the spare bits at the end zero.
func checkBitfield(payload []byte, numPieces int) error {
	if len(payload) != (numPieces+7)/8 {
		return fmt.Errorf("wire: bitfield of %d bytes for %d pieces", len(payload), numPieces)
	}
	if spare := len(payload)*8 - numPieces; spare > 0 && payload[len(payload)-1]&((1<<spare)-1) != 0 {
		return errors.New("wire: bitfield sets bits past the last piece")
	}
	return nil
}
