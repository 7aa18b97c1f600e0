package bittorrent

import (
	"crypto/sha1"
	"errors"
	"fmt"
)

// maxPieceLength is the largest piece this client will hold in memory.
// The metainfo file is written by a stranger, and a piece length of 2^40
// would otherwise become a 1 TiB allocation.
const maxPieceLength = 64 << 20

// Metainfo is the part of a single-file .torrent that a downloader needs.
type Metainfo struct {
	Announce    string
	Name        string
	Length      int64
	PieceLength int64
	Pieces      [][20]byte
	InfoHash    [20]byte
}

// ParseMetainfo reads a single-file .torrent.
func ParseMetainfo(raw []byte) (*Metainfo, error) {
	d := &decoder{buf: raw}
	v, err := d.whole()
	if err != nil {
		return nil, err
	}
	top, ok := v.(map[string]any)
	if !ok || d.infoEnd == 0 {
		return nil, errors.New("metainfo: no info dictionary")
	}
	info, ok := top["info"].(map[string]any)
	if !ok {
		return nil, errors.New("metainfo: info is not a dictionary")
	}
	if _, multi := info["files"]; multi {
		return nil, errors.New("metainfo: multi-file torrents are not supported")
	}
	m := &Metainfo{
		// Hash the bytes exactly as they appear in the file.
		InfoHash: sha1.Sum(raw[d.infoStart:d.infoEnd]),
	}
	m.Announce, _ = top["announce"].(string)
	m.Name, _ = info["name"].(string)
	m.Length, _ = info["length"].(int64)
	m.PieceLength, _ = info["piece length"].(int64)
	pieces, _ := info["pieces"].(string)
	switch {
	case m.Announce == "":
		return nil, errors.New("metainfo: no announce URL (a trackerless torrent needs the DHT)")
	case m.Name == "":
		return nil, errors.New("metainfo: no name")
	case m.Length <= 0 || m.PieceLength <= 0 || len(pieces)%20 != 0:
		return nil, errors.New("metainfo: not a valid single-file torrent")
	case m.PieceLength > maxPieceLength:
		return nil, fmt.Errorf("metainfo: pieces of %d bytes are larger than this client allows", m.PieceLength)
	}
	for i := 0; i < len(pieces); i += 20 {
		m.Pieces = append(m.Pieces, [20]byte([]byte(pieces[i:i+20])))
	}
	// Written this way, a Length near the int64 limit cannot overflow.
	want := m.Length / m.PieceLength
	if m.Length%m.PieceLength != 0 {
		want++
	}
	if int64(len(m.Pieces)) != want {
		return nil, fmt.Errorf("metainfo: %d piece hashes, want %d", len(m.Pieces), want)
	}
	return m, nil
}
