/**
 * peer.ts: a port of content/go/bittorrent/peer.go: the handshake under a deadline, one
 * connection's choke and interest state, the wait for unchoke, and downloadPiece, which
 * keeps up to maxBacklog block requests in flight.
 *
 * The deadlines are the Go package's (the corrected article's): 5 s to dial, 10 s for the
 * handshake, 60 s to be unchoked (BEP 3's optimistic unchoke rotates every 30 s, so a peer
 * with full upload slots may take that long; 60 s covers two rotations), and while blocks are
 * expected 20 s for each message and 60 s for the whole piece, so a peer that trickles is as
 * bad as one that stalls. The demo scales them all by one factor to fit its clock.
 *
 * Go to TypeScript: Go's `time.Now().Add(d)` is `clock.now() + d`; a read deadline is set on
 * the connection (memnet.ts) exactly where Go calls SetReadDeadline. `observe` is the demo's
 * window into the client (for the log and the timeline); the Go code has no such hook.
 */
import type { Clock } from '../_shared/clock';
import type { Conn } from './memnet';
import { equalBytes } from './sha1';
import { bitHas, bitSet, checkBitfield, haveIndex, MSG, newBitfield, parsePiece, readHandshake, readMessage, requestMsg, writeMessage, handshakeBytes, type Message } from './wire';

/** 16 KiB: the request size BEP 3 says peers accept. */
export const BLOCK_SIZE = 16 * 1024;

/** The Go package's deadlines, in milliseconds. */
export const GO_DEADLINES = {
  dial: 5_000,
  handshake: 10_000,
  unchoke: 60_000,
  message: 20_000,
  piece: 60_000,
};
export type Deadlines = typeof GO_DEADLINES;

export interface PeerOptions {
  clock: Clock;
  /** Unanswered requests kept in flight per peer (Go: maxBacklog = 5). */
  maxBacklog: number;
  deadlines: Deadlines;
  observe?: (event: PeerEvent) => void;
}

export type PeerEvent =
  | { kind: 'bitfield'; pieces: number }
  | { kind: 'interested' }
  | { kind: 'unchoke' }
  | { kind: 'choke' }
  | { kind: 'request'; index: number; begin: number; inFlight: number }
  | { kind: 'block'; index: number; begin: number; inFlight: number }
  | { kind: 'ignored block'; index: number; begin: number };

/** downloadPiece gives the piece back with this when the peer chokes us mid-piece. */
export const errChoked = new Error('peer choked us');

/** handshake exchanges the 68-byte greetings under one deadline. */
export async function handshake(conn: Conn, infoHash: Uint8Array, self: Uint8Array, opts: PeerOptions): Promise<void> {
  conn.setDeadline(opts.clock.now() + opts.deadlines.handshake);
  try {
    conn.write(handshakeBytes({ infoHash, peerId: self }));
    const theirs = await readHandshake(conn);
    if (!equalBytes(theirs.infoHash, infoHash)) throw new Error('handshake: peer serves a different torrent');
  } finally {
    conn.setDeadline(undefined);
  }
}

/** One connection's state. It belongs to one worker. */
export class Peer {
  choked = true; // has the remote side choked us? Connections start out choked
  interested = false; // have we told it we are interested?
  readonly has: Uint8Array; // pieces the remote side has announced

  constructor(
    readonly conn: Conn,
    readonly numPieces: number,
    private readonly opts: PeerOptions,
  ) {
    this.has = newBitfield(numPieces);
  }

  private now(): number {
    return this.opts.clock.now();
  }

  /** send writes one message (Go sets a write deadline first; this pipe never blocks a write). */
  send(m: Message): void {
    writeMessage(this.conn, m);
  }

  /** receive reads one message, waiting until deadline at most. */
  async receive(deadline: number): Promise<Message | null> {
    this.conn.setReadDeadline(deadline);
    const m = await readMessage(this.conn);
    this.observeMessage(m);
    return m;
  }

  /** Updates connection state from any message, and rejects those that break the protocol. */
  observeMessage(m: Message | null): void {
    if (m === null) return; // keep-alive
    switch (m.id) {
      case MSG.choke:
        this.choked = true;
        this.opts.observe?.({ kind: 'choke' });
        break;
      case MSG.unchoke:
        this.choked = false;
        this.opts.observe?.({ kind: 'unchoke' });
        break;
      case MSG.have: {
        if (m.payload.length !== 4) throw new Error('wire: malformed have');
        const i = haveIndex(m.payload);
        if (i >= this.numPieces) throw new Error(`wire: have for piece ${i} of ${this.numPieces}`);
        bitSet(this.has, i);
        break;
      }
      case MSG.bitfield: {
        checkBitfield(m.payload, this.numPieces);
        this.has.set(m.payload);
        let pieces = 0;
        for (let i = 0; i < this.numPieces; i++) if (bitHas(this.has, i)) pieces++;
        this.opts.observe?.({ kind: 'bitfield', pieces });
        break;
      }
    }
  }

  /**
   * awaitUnchoke reads messages until the peer unchokes us. It says "interested" only once the
   * peer has announced a piece, because BEP 3 wants interest to reflect whether the peer has
   * something we lack.
   */
  async awaitUnchoke(): Promise<void> {
    const deadline = this.now() + this.opts.deadlines.unchoke;
    while (this.choked || !this.interested) {
      if (!this.interested && this.hasAny()) {
        this.send({ id: MSG.interested, payload: new Uint8Array(0) });
        this.interested = true;
        this.opts.observe?.({ kind: 'interested' });
        continue;
      }
      await this.receive(deadline);
    }
  }

  hasAny(): boolean {
    return this.has.some((b) => b !== 0);
  }

  /** downloadPiece fetches one piece in 16 KiB blocks, keeping up to maxBacklog requests in flight. */
  async downloadPiece(index: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    const blocks = Math.ceil(length / BLOCK_SIZE);
    const got = new Array<boolean>(blocks).fill(false); // which blocks have arrived
    let requested = 0;
    let received = 0;
    let inFlight = 0;
    const pieceDeadline = this.now() + this.opts.deadlines.piece;

    while (received < blocks) {
      // Top up the pipeline while the peer lets us.
      while (!this.choked && inFlight < this.opts.maxBacklog && requested < blocks) {
        const begin = requested * BLOCK_SIZE;
        const n = Math.min(BLOCK_SIZE, length - begin); // the last block may be short
        this.send(requestMsg(index, begin, n));
        requested++;
        inFlight++;
        this.opts.observe?.({ kind: 'request', index, begin, inFlight });
      }

      // Each message must come within the message deadline, and the whole piece within the
      // piece deadline: a peer that trickles is as bad as one that stalls.
      const deadline = Math.min(this.now() + this.opts.deadlines.message, pieceDeadline);
      const m = await this.receive(deadline);
      if (m === null) continue; // keep-alive
      switch (m.id) {
        case MSG.choke:
          // A choke discards our queued requests: give the piece back.
          throw errChoked;
        case MSG.piece: {
          const { index: i, begin, block } = parsePiece(m.payload);
          if (i !== index) {
            this.opts.observe?.({ kind: 'ignored block', index: i, begin });
            continue; // a late block of a piece we gave up on
          }
          if (begin % BLOCK_SIZE !== 0 || begin >= length || block.length !== Math.min(BLOCK_SIZE, length - begin)) {
            throw new Error('wire: block does not match any request');
          }
          const b = begin / BLOCK_SIZE;
          if (b >= requested || got[b]) {
            this.opts.observe?.({ kind: 'ignored block', index: i, begin });
            continue; // not asked for in this attempt, or a duplicate
          }
          buf.set(block, begin);
          got[b] = true;
          received++;
          inFlight--;
          this.opts.observe?.({ kind: 'block', index, begin, inFlight });
        }
      }
    }
    return buf;
  }
}
