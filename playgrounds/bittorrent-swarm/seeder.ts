/**
 * seeder.ts: the simulated peers. A port of the fake seeder in content/go/bittorrent's tests
 * (seeder_test.go), which serves a torrent over one end of a connection and whose options make
 * it misbehave, with two additions for the demo: the network's latency (in memnet's pipe) and
 * an upload speed, blockMs per 16 KiB block, one block after another.
 *
 * What a seeder does, as in the Go test: read the handshake and check the info hash; answer
 * with its own; send a bitfield of the pieces it has; unchoke after unchokeAfterMs; answer each
 * request with a piece message; and drop requests while it is choking us, as BEP 3 describes.
 * chokeAfterBlocks makes it choke once after serving that many blocks, then unchoke again
 * after chokeForMs; corrupt flips the first byte of every block.
 */
import type { Clock } from '../_shared/clock';
import { Channel, type Conn } from './memnet';
import type { Metainfo } from './metainfo';
import { equalBytes } from './sha1';
import { bitSet, handshakeBytes, MSG, newBitfield, parseRequest, pieceMsg, readHandshake, readMessage, writeMessage, type Message } from './wire';

export interface SeederOptions {
  /** The network's one-way delay to this peer. */
  latencyMs: number;
  /** Time to upload one 16 KiB block: the peer's speed. */
  blockMs: number;
  /** The pieces it has; every piece when left out. */
  has?: (piece: number) => boolean;
  /** Flip a byte in every block. */
  corrupt?: boolean;
  /** Never answer the handshake. */
  silent?: boolean;
  /** Announce nothing at all (no bitfield). */
  noPieces?: boolean;
  /** Send blocks at the wrong offset. */
  misalign?: boolean;
  /** Send every block two times. */
  twice?: boolean;
  /** Wait this long before the first unchoke. */
  unchokeAfterMs?: number;
  /** Choke once after serving this many blocks (0 or left out: never)... */
  chokeAfterBlocks?: number;
  /** ...and unchoke again after this long. */
  chokeForMs?: number;
}

export type SeederEvent = { kind: 'unchoke' } | { kind: 'choke'; afterBlocks: number } | { kind: 'dropped request'; index: number; begin: number };

export class Seeder {
  /** Blocks sent. */
  served = 0;
  /** Per piece, the offsets of the blocks sent (to see who delivered what). */
  readonly blocksServed = new Map<number, Set<number>>();

  constructor(
    readonly name: string,
    readonly opts: SeederOptions,
    private readonly data: Uint8Array,
    private readonly meta: Metainfo,
    private readonly clock: Clock,
    private readonly observe?: (event: SeederEvent) => void,
  ) {}

  hasPiece(i: number): boolean {
    return this.opts.has ? this.opts.has(i) : true;
  }

  async serve(conn: Conn): Promise<void> {
    try {
      await this.run(conn);
    } catch {
      // the client hung up or broke the protocol: this connection is over
    } finally {
      conn.close();
    }
  }

  private async run(conn: Conn): Promise<void> {
    if (this.opts.silent) {
      for (;;) await conn.readFull(1); // read until the client hangs up
    }
    const hs = await readHandshake(conn);
    if (!equalBytes(hs.infoHash, this.meta.infoHash)) return;
    const id = new Uint8Array(20);
    id[0] = 0x73; // 's'
    conn.write(handshakeBytes({ infoHash: this.meta.infoHash, peerId: id }));
    if (!this.opts.noPieces) {
      const bf = newBitfield(this.meta.pieces.length);
      for (let i = 0; i < this.meta.pieces.length; i++) if (this.hasPiece(i)) bitSet(bf, i);
      writeMessage(conn, { id: MSG.bitfield, payload: bf });
    }

    // A separate reader queues the client's messages, as the Go seeder's goroutine does.
    const incoming = new Channel<Message | null>(64);
    const reader = (async () => {
      try {
        for (;;) await incoming.send(await readMessage(conn));
      } catch {
        incoming.close();
      }
    })();

    // time.After: fires once, then never again (until re-armed).
    const after = (ms: number): Promise<'unchoke'> => this.clock.sleep(ms).then(() => 'unchoke' as const);
    const never = new Promise<'unchoke'>(() => {});
    let unchoke = after(this.opts.unchokeAfterMs ?? 0);
    let choked = true;
    let chokedOnce = false;

    // select { case <-unchoke: ... case m := <-incoming: ... }. The receive stays pending
    // across an unchoke, so no message is lost when both are ready at once.
    let nextMessage = incoming.recv();
    for (;;) {
      const next = await Promise.race([unchoke, nextMessage]);
      if (next === 'unchoke') {
        unchoke = never;
        writeMessage(conn, { id: MSG.unchoke, payload: new Uint8Array(0) });
        choked = false;
        this.observe?.({ kind: 'unchoke' });
        continue;
      }
      nextMessage = incoming.recv();
      if (!next.ok) break; // the client hung up
      const m = next.value;
      if (m === null || m.id !== MSG.request || m.payload.length !== 12) continue;
      const { index, begin, length } = parseRequest(m.payload);
      if (choked) {
        this.observe?.({ kind: 'dropped request', index, begin }); // a choked peer drops requests
        continue;
      }
      await this.clock.sleep(this.opts.blockMs); // the upload link is busy with this block
      const start = index * this.meta.pieceLength + begin;
      const block = this.data.slice(start, start + length);
      if (this.opts.corrupt) block[0] = block[0]! ^ 0xff;
      const msg = pieceMsg(index, this.opts.misalign ? begin + 1 : begin, block);
      writeMessage(conn, msg);
      if (this.opts.twice) writeMessage(conn, msg);
      this.served++;
      let offsets = this.blocksServed.get(index);
      if (!offsets) this.blocksServed.set(index, (offsets = new Set()));
      offsets.add(begin);
      const chokeAfter = this.opts.chokeAfterBlocks ?? 0;
      if (chokeAfter > 0 && this.served === chokeAfter && !chokedOnce) {
        chokedOnce = true;
        choked = true;
        writeMessage(conn, { id: MSG.choke, payload: new Uint8Array(0) });
        this.observe?.({ kind: 'choke', afterBlocks: this.served });
        unchoke = after(this.opts.chokeForMs ?? 0);
      }
    }
    await reader;
  }
}
