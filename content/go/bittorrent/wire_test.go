package bittorrent

import (
	"bytes"
	"io"
	"testing"
)

func TestHandshakeLayout(t *testing.T) {
	h := Handshake{}
	h.Reserved[5] = 0x10 // BEP 10's bit, to check where reserved bytes land
	for i := range h.InfoHash {
		h.InfoHash[i] = 0xAA
		h.PeerID[i] = 0xBB
	}
	b := h.Bytes()
	if len(b) != 68 {
		t.Fatalf("handshake is %d bytes, want 68", len(b))
	}
	if b[0] != 19 || string(b[1:20]) != "BitTorrent protocol" || b[25] != 0x10 ||
		b[28] != 0xAA || b[47] != 0xAA || b[48] != 0xBB || b[67] != 0xBB {
		t.Fatalf("fields at the wrong offsets: % x", b)
	}
	got, err := ReadHandshake(bytes.NewReader(b))
	if err != nil || got != h {
		t.Fatalf("ReadHandshake = %+v, %v", got, err)
	}
	b[1] = 'b'
	if _, err := ReadHandshake(bytes.NewReader(b)); err == nil {
		t.Fatal("accepted a handshake with the wrong protocol string")
	}
}

func TestMessageIDs(t *testing.T) {
	// BEP 3 numbers the messages 0 to 8 in this order.
	ids := []MessageID{MsgChoke, MsgUnchoke, MsgInterested, MsgNotInterested, MsgHave,
		MsgBitfield, MsgRequest, MsgPiece, MsgCancel}
	for want, id := range ids {
		if int(id) != want {
			t.Errorf("message %d has id %d", want, id)
		}
	}
}

func TestReadMessage(t *testing.T) {
	var buf bytes.Buffer
	WriteMessage(&buf, requestMsg(1, 16384, 16384))
	want := []byte{0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0x40, 0, 0, 0, 0x40, 0}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Fatalf("request frame % x, want % x", buf.Bytes(), want)
	}
	m, err := ReadMessage(&buf)
	if err != nil || m.ID != MsgRequest || len(m.Payload) != 12 {
		t.Fatalf("ReadMessage = %+v, %v", m, err)
	}
	if m, err := ReadMessage(bytes.NewReader([]byte{0, 0, 0, 0})); m != nil || err != nil {
		t.Fatalf("keep-alive = %+v, %v", m, err)
	}
	// A 4 GiB length prefix must be refused before anything is allocated.
	if _, err := ReadMessage(bytes.NewReader([]byte{0xff, 0xff, 0xff, 0xff})); err == nil {
		t.Fatal("accepted a 4 GiB frame")
	}
	if _, err := ReadMessage(bytes.NewReader([]byte{0, 0, 0, 5, 7})); err != io.ErrUnexpectedEOF {
		t.Fatalf("truncated frame: %v", err)
	}
}

func TestBitfield(t *testing.T) {
	bf := Bitfield{0x40, 0x00}
	if !bf.Has(1) || bf.Has(0) || bf.Has(6) || bf.Has(16) || bf.Has(-1) {
		t.Fatal("0x40 must mean piece 1 and only piece 1")
	}
	bf.Set(15)
	if bf[1] != 0x01 {
		t.Fatalf("Set(15) gave % x", bf)
	}
	if err := checkBitfield([]byte{0xff, 0xc0}, 10); err != nil {
		t.Fatalf("10 pieces, 2 bytes: %v", err)
	}
	if checkBitfield([]byte{0xff, 0xe0}, 10) == nil {
		t.Fatal("accepted a spare bit set past piece 9")
	}
	if checkBitfield([]byte{0xff}, 10) == nil {
		t.Fatal("accepted a short bitfield")
	}
}
