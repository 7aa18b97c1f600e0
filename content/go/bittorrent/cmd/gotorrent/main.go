// Command gotorrent downloads a single-file torrent into the current
// directory: gotorrent file.torrent
package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"log"
	"os"
	"os/signal"

	"gofieldguide/content/go/bittorrent"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gotorrent file.torrent")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Args[1])
	stop()
	if err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, torrentPath string) error {
	raw, err := os.ReadFile(torrentPath)
	if err != nil {
		return err
	}
	m, err := bittorrent.ParseMetainfo(raw)
	if err != nil {
		return err
	}

	// Azureus-style peer ID (BEP 20): a client tag, then random bytes.
	var self [20]byte
	copy(self[:], "-GF0001-")
	rand.Read(self[8:])

	// The port is where we would accept connections; this client never
	// does, but the tracker requires the field.
	ann, err := bittorrent.Announce(ctx, nil, m, self, 6881)
	if err != nil {
		return err
	}

	// The name comes from a stranger's file. os.Root refuses any path
	// that would leave the current directory, "../" and symlinks included,
	// and O_EXCL refuses to overwrite a file that is already there.
	root, err := os.OpenRoot(".")
	if err != nil {
		return err
	}
	defer root.Close()
	f, err := root.OpenFile(m.Name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	d := bittorrent.Downloader{Meta: m, PeerID: self}
	if err := d.Download(ctx, ann.Peers, f); err != nil {
		f.Close()
		root.Remove(m.Name) // do not leave a partial file behind
		return err
	}
	return f.Close()
}
