package bittorrent

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	// trackerTimeout bounds one announce from dial to the last byte of the
	// body, whatever http.Client the caller passes.
	trackerTimeout = 30 * time.Second
	// maxTrackerBody caps how much of a response we read. A compact list
	// of 1,000 peers is 6,000 bytes.
	maxTrackerBody = 1 << 20
)

// defaultTrackerClient is used when Announce is given a nil client.
var defaultTrackerClient = &http.Client{Timeout: trackerTimeout}

// escapeBytes percent-encodes every byte outside the RFC 3986
// unreserved set, which is what trackers expect for info_hash and peer_id.
func escapeBytes(b []byte) string {
	const hex = "0123456789ABCDEF"
	var sb strings.Builder
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
			sb.WriteByte(c)
		default:
			sb.WriteByte('%')
			sb.WriteByte(hex[c>>4])
			sb.WriteByte(hex[c&0x0f])
		}
	}
	return sb.String()
}

func announceURL(m *Metainfo, peerID [20]byte, port uint16) (string, error) {
	u, err := url.Parse(m.Announce)
	if err != nil {
		return "", fmt.Errorf("tracker: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("tracker: %q trackers are not supported, only HTTP(S)", u.Scheme)
	}
	q := "info_hash=" + escapeBytes(m.InfoHash[:]) +
		"&peer_id=" + escapeBytes(peerID[:]) +
		"&port=" + strconv.Itoa(int(port)) +
		"&uploaded=0&downloaded=0" +
		"&left=" + strconv.FormatInt(m.Length, 10) +
		"&compact=1"
	if u.RawQuery != "" {
		q = u.RawQuery + "&" + q // keep any query the announce URL came with
	}
	u.RawQuery = q
	return u.String(), nil
}

// AnnounceResult is what a tracker tells us.
type AnnounceResult struct {
	Interval time.Duration    // how long to wait before announcing again
	Peers    []netip.AddrPort // IPv4 and IPv6 peers
}

// Announce asks the tracker for peers. A nil client means one with a
// 30-second timeout; with any client, the request and the body read stop
// after trackerTimeout, so a tracker that never answers cannot hang us.
func Announce(ctx context.Context, hc *http.Client, m *Metainfo, peerID [20]byte, port uint16) (*AnnounceResult, error) {
	if hc == nil {
		hc = defaultTrackerClient
	}
	ctx, cancel := context.WithTimeout(ctx, trackerTimeout)
	defer cancel()
	target, err := announceURL(m, peerID, port)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("tracker: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("tracker: HTTP status %s", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTrackerBody+1))
	if err != nil {
		return nil, fmt.Errorf("tracker: %w", err)
	}
	if len(body) > maxTrackerBody {
		return nil, errors.New("tracker: response larger than 1 MiB")
	}
	return parseAnnounce(body)
}

// parseAnnounce reads a tracker response. BEP 23 lets a tracker answer
// with either peer format whatever we asked for, so both are handled:
// the compact string (6 bytes per IPv4 peer) and BEP 3's list of
// dictionaries. BEP 7's peers6 adds IPv6 peers at 18 bytes each.
func parseAnnounce(body []byte) (*AnnounceResult, error) {
	v, err := Decode(body)
	if err != nil {
		return nil, fmt.Errorf("tracker: %w", err)
	}
	dict, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("tracker: response is not a dictionary")
	}
	if reason, ok := dict["failure reason"].(string); ok {
		return nil, fmt.Errorf("tracker: %s", reason)
	}
	interval, ok := dict["interval"].(int64)
	if !ok || interval < 0 {
		return nil, errors.New("tracker: no interval")
	}
	res := &AnnounceResult{Interval: time.Duration(min(interval, 86400)) * time.Second}
	switch peers := dict["peers"].(type) {
	case string:
		if res.Peers, err = parseCompactPeers(peers, 4); err != nil {
			return nil, err
		}
	case []any:
		res.Peers = parsePeerDicts(peers)
	default:
		return nil, errors.New("tracker: no peer list")
	}
	if peers6, ok := dict["peers6"].(string); ok {
		more, err := parseCompactPeers(peers6, 16)
		if err != nil {
			return nil, err
		}
		res.Peers = append(res.Peers, more...)
	}
	return res, nil
}

// parseCompactPeers decodes a compact peer string: for each peer, an
// IPv4 (4 bytes) or IPv6 (16 bytes) address, then a big-endian port.
func parseCompactPeers(s string, ipLen int) ([]netip.AddrPort, error) {
	size := ipLen + 2
	if len(s)%size != 0 {
		return nil, fmt.Errorf("tracker: compact peer list length %d is not a multiple of %d", len(s), size)
	}
	peers := make([]netip.AddrPort, 0, len(s)/size)
	for i := 0; i < len(s); i += size {
		ip, _ := netip.AddrFromSlice([]byte(s[i : i+ipLen]))
		port := binary.BigEndian.Uint16([]byte(s[i+ipLen : i+size]))
		if port != 0 {
			peers = append(peers, netip.AddrPortFrom(ip, port))
		}
	}
	return peers, nil
}

// parsePeerDicts reads BEP 3's original format. An "ip" that is a DNS
// name rather than an address is skipped; a fuller client would resolve it.
func parsePeerDicts(list []any) []netip.AddrPort {
	var peers []netip.AddrPort
	for _, item := range list {
		d, _ := item.(map[string]any)
		host, _ := d["ip"].(string)
		port, _ := d["port"].(int64)
		ip, err := netip.ParseAddr(host)
		if err != nil || port <= 0 || port > 65535 {
			continue
		}
		peers = append(peers, netip.AddrPortFrom(ip, uint16(port)))
	}
	return peers
}
