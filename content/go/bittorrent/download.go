package bittorrent

import (
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"sync"
)

type pieceWork struct {
	index, length int
	hash          [20]byte
}

type pieceResult struct {
	index int
	data  []byte
}

// Downloader fetches one torrent from a list of peers.
type Downloader struct {
	Meta   *Metainfo
	PeerID [20]byte
	// Dial opens a connection to a peer; nil means net.Dialer. Tests
	// replace it with in-memory connections.
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

func (d *Downloader) dial(ctx context.Context, addr netip.AddrPort) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialTimeout)
	defer cancel()
	if d.Dial != nil {
		return d.Dial(ctx, "tcp", addr.String())
	}
	var nd net.Dialer
	return nd.DialContext(ctx, "tcp", addr.String())
}

// worker downloads pieces from one peer until the work runs out, the
// peer fails, or ctx is cancelled.
func (d *Downloader) worker(ctx context.Context, addr netip.AddrPort, work chan pieceWork, results chan<- pieceResult) {
	conn, err := d.dial(ctx, addr)
	if err != nil {
		return // one bad peer does not stop the download
	}
	defer conn.Close()
	// From here on, cancelling ctx closes the connection, which ends any
	// read or write in progress: in the handshake, while waiting to be
	// unchoked, or in the middle of a piece.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()

	if err := handshake(conn, d.Meta.InfoHash, d.PeerID); err != nil {
		return
	}
	p := newPeer(conn, len(d.Meta.Pieces))
	if err := p.awaitUnchoke(); err != nil {
		return
	}

	misses := 0
	for {
		var pw pieceWork
		select {
		case <-ctx.Done():
			return
		case pw = <-work:
		}
		if !p.has.Has(pw.index) {
			work <- pw // never blocks: the channel can hold every piece
			if misses++; misses > len(d.Meta.Pieces) {
				return // this peer has nothing we still need
			}
			continue
		}
		misses = 0
		data, err := p.downloadPiece(pw.index, pw.length)
		if errors.Is(err, errChoked) {
			work <- pw
			if err := p.awaitUnchoke(); err != nil {
				return
			}
			continue
		}
		if err != nil {
			work <- pw
			return
		}
		if sha1.Sum(data) != pw.hash {
			work <- pw // corrupt or poisoned: another peer gets the piece
			return     // and we stop trusting this one
		}
		select {
		case results <- pieceResult{pw.index, data}:
		case <-ctx.Done():
			return
		}
	}
}

// Download fetches every piece, verifies it and writes it to out at its
// offset. It returns only after every worker has stopped.
func (d *Downloader) Download(ctx context.Context, peers []netip.AddrPort, out io.WriterAt) error {
	m := d.Meta
	ctx, cancel := context.WithCancel(ctx)

	work := make(chan pieceWork, len(m.Pieces))
	for i, h := range m.Pieces {
		begin := int64(i) * m.PieceLength
		length := min(m.PieceLength, m.Length-begin) // the last piece may be short
		work <- pieceWork{index: i, length: int(length), hash: h}
	}

	results := make(chan pieceResult)
	var wg sync.WaitGroup
	for _, addr := range peers {
		wg.Go(func() { d.worker(ctx, addr, work, results) })
	}
	allGone := make(chan struct{})
	go func() {
		wg.Wait()
		close(allGone)
	}()
	defer func() {
		cancel()  // stop every worker, success or not
		<-allGone // and wait until they have
	}()

	for done := 0; done < len(m.Pieces); {
		select {
		case r := <-results:
			if _, err := out.WriteAt(r.data, int64(r.index)*m.PieceLength); err != nil {
				return err
			}
			done++
		case <-allGone:
			return fmt.Errorf("all peers gone, %d of %d pieces missing", len(m.Pieces)-done, len(m.Pieces))
		case <-ctx.Done():
			return ctx.Err() // the caller cancelled or timed out
		}
	}
	return nil
}
