/**
 * download.ts: a port of content/go/bittorrent/download.go, the download loop: one coordinator
 * and one worker per peer, sharing two channels.
 *
 * - `work` holds the pieces still to download. It has room for every piece, so a worker that
 *   puts a piece back never blocks. Every piece is always in exactly one place: in the
 *   channel, in one worker's hands, or finished.
 * - `results` carries verified pieces to the coordinator, which writes each at its offset.
 *
 * A worker dials, handshakes, waits to be unchoked, then takes pieces. A piece the peer does
 * not have goes back (and a peer that has none of what is left is let go); a choke mid-piece
 * gives the piece back and waits for the next unchoke; any other failure gives it back and
 * ends the worker; a piece whose SHA-1 does not match the metainfo goes back for another peer,
 * and the worker stops trusting this one. Download returns once every piece is written, or
 * with "all peers gone, N of M pieces missing" when the last worker has given up, and in
 * either case only after every worker has stopped.
 *
 * Go to TypeScript: a context is an AbortSignal; context.AfterFunc(ctx, conn.Close) is an
 * abort listener that closes the connection, registered as soon as the connection exists, so
 * cancelling ends a handshake, an unchoke wait or a piece read at once. `observe` is the
 * demo's window into the client; the Go code has none.
 */
import type { Clock } from '../_shared/clock';
import { Channel, type Conn } from './memnet';
import type { Metainfo } from './metainfo';
import { errChoked, handshake, Peer, type Deadlines, type PeerEvent, type PeerOptions } from './peer';
import { bitHas } from './wire';
import { equalBytes, sha1 } from './sha1';

interface PieceWork {
  index: number;
  length: number;
  hash: Uint8Array;
}

interface PieceResult {
  index: number;
  data: Uint8Array;
  peer: string; // which worker sent it (for the demo; Go's result has index and data)
}

export interface WriterAt {
  writeAt(data: Uint8Array, offset: number): void;
}

/** What a worker did, for the log and the timeline. */
export type WorkerEvent =
  | PeerEvent
  | { kind: 'connected' }
  | { kind: 'handshake done' }
  | { kind: 'piece started'; index: number; length: number }
  | { kind: 'piece verified'; index: number }
  | { kind: 'hash mismatch'; index: number }
  | { kind: 'choked mid-piece'; index: number }
  | { kind: 'piece failed'; index: number; error: string }
  | { kind: 'not held'; index: number; misses: number }
  | { kind: 'stopped'; reason: string };

export interface DownloaderOptions {
  clock: Clock;
  maxBacklog: number;
  deadlines: Deadlines;
  /** Opens a connection to a peer (Go: Downloader.Dial, net.Dialer when nil). */
  dial: (address: string, signal: AbortSignal) => Promise<Conn>;
  observe?: (address: string, event: WorkerEvent) => void;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Downloader fetches one torrent from a list of peers. */
export class Downloader {
  constructor(
    readonly meta: Metainfo,
    readonly peerId: Uint8Array,
    private readonly opts: DownloaderOptions,
  ) {}

  /** dial under the dial deadline (Go: context.WithTimeout(ctx, dialTimeout)). */
  private async dial(signal: AbortSignal, address: string): Promise<Conn> {
    const timeout = new AbortController();
    const onAbort = (): void => timeout.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timer = new AbortController();
    this.opts.clock.sleep(this.opts.deadlines.dial, timer.signal).then(
      () => timeout.abort(new Error('i/o timeout')),
      () => {},
    );
    try {
      return await Promise.race([
        this.opts.dial(address, timeout.signal),
        new Promise<never>((_, reject) => timeout.signal.addEventListener('abort', () => reject(timeout.signal.reason), { once: true })),
      ]);
    } finally {
      timer.abort();
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** worker downloads pieces from one peer until the work runs out, the peer fails, or ctx is cancelled. */
  private async worker(ctx: AbortSignal, address: string, work: Channel<PieceWork>, results: Channel<PieceResult>): Promise<void> {
    const note = (event: WorkerEvent): void => this.opts.observe?.(address, event);
    const stop = (reason: string): void => note({ kind: 'stopped', reason });
    let conn: Conn;
    try {
      conn = await this.dial(ctx, address);
    } catch (err) {
      return stop(`dial: ${message(err)}`); // one bad peer does not stop the download
    }
    note({ kind: 'connected' });
    // From here on, cancelling ctx closes the connection, which ends any read or write in
    // progress: in the handshake, while waiting to be unchoked, or in the middle of a piece.
    const closeOnCancel = (): void => conn.close();
    ctx.addEventListener('abort', closeOnCancel, { once: true });
    try {
      try {
        await handshake(conn, this.meta.infoHash, this.peerId, this.peerOptions(note));
      } catch (err) {
        return stop(`handshake: ${message(err)}`);
      }
      note({ kind: 'handshake done' });
      const p = new Peer(conn, this.meta.pieces.length, this.peerOptions(note));
      try {
        await p.awaitUnchoke();
      } catch (err) {
        return stop(ctx.aborted ? 'download finished' : `waiting for unchoke: ${message(err)}`);
      }

      let misses = 0;
      for (;;) {
        let pw: PieceWork;
        try {
          pw = (await work.recv(ctx)).value as PieceWork;
        } catch {
          return stop('download finished');
        }
        if (!bitHas(p.has, pw.index)) {
          await work.send(pw); // never blocks: the channel can hold every piece
          note({ kind: 'not held', index: pw.index, misses: misses + 1 });
          if (++misses > this.meta.pieces.length) return stop('it has none of the pieces still needed');
          continue;
        }
        misses = 0;
        note({ kind: 'piece started', index: pw.index, length: pw.length });
        let data: Uint8Array;
        try {
          data = await p.downloadPiece(pw.index, pw.length);
        } catch (err) {
          await work.send(pw);
          if (err === errChoked) {
            note({ kind: 'choked mid-piece', index: pw.index });
            try {
              await p.awaitUnchoke();
            } catch (err2) {
              return stop(ctx.aborted ? 'download finished' : `waiting for unchoke: ${message(err2)}`);
            }
            continue;
          }
          note({ kind: 'piece failed', index: pw.index, error: ctx.aborted ? 'cancelled' : message(err) });
          return stop(ctx.aborted ? 'download finished' : message(err));
        }
        if (!equalBytes(sha1(data), pw.hash)) {
          await work.send(pw); // corrupt or poisoned: another peer gets the piece
          note({ kind: 'hash mismatch', index: pw.index });
          return stop(`piece ${pw.index} failed its SHA-1 check`); // and we stop trusting this one
        }
        note({ kind: 'piece verified', index: pw.index });
        try {
          await results.send({ index: pw.index, data, peer: address }, ctx);
        } catch {
          return stop('download finished');
        }
      }
    } finally {
      ctx.removeEventListener('abort', closeOnCancel);
      conn.close(); // defer conn.Close()
    }
  }

  private peerOptions(note: (event: WorkerEvent) => void): PeerOptions {
    return { clock: this.opts.clock, maxBacklog: this.opts.maxBacklog, deadlines: this.opts.deadlines, observe: note };
  }

  /**
   * download fetches every piece, verifies it and writes it to out at its offset. It returns
   * only after every worker has stopped. onPiece is told who delivered each piece (for the demo).
   */
  async download(parent: AbortSignal | undefined, peers: readonly string[], out: WriterAt, onPiece?: (index: number, peer: string) => void): Promise<void> {
    const m = this.meta;
    const cancel = new AbortController(); // ctx, cancel := context.WithCancel(ctx)
    const onParentAbort = (): void => cancel.abort(parent?.reason);
    if (parent?.aborted) onParentAbort();
    parent?.addEventListener('abort', onParentAbort, { once: true });
    const ctx = cancel.signal;

    const work = new Channel<PieceWork>(m.pieces.length);
    m.pieces.forEach((hash, i) => {
      const begin = i * m.pieceLength;
      const length = Math.min(m.pieceLength, m.length - begin); // the last piece may be short
      void work.send({ index: i, length, hash });
    });

    const results = new Channel<PieceResult>(0);
    const workers = peers.map((address) => this.worker(ctx, address, work, results));
    const allGone = Promise.all(workers).then(() => 'all gone' as const);
    const cancelled = new Promise<'cancelled'>((resolve) => ctx.addEventListener('abort', () => resolve('cancelled'), { once: true }));

    try {
      for (let done = 0; done < m.pieces.length; ) {
        const stopWaiting = new AbortController();
        const next = await Promise.race([results.recv(stopWaiting.signal).then((r) => r.value as PieceResult), allGone, cancelled]);
        stopWaiting.abort();
        if (next === 'all gone') throw new Error(`all peers gone, ${m.pieces.length - done} of ${m.pieces.length} pieces missing`);
        if (next === 'cancelled') throw ctx.reason; // the caller cancelled or timed out
        out.writeAt(next.data, next.index * m.pieceLength);
        onPiece?.(next.index, next.peer);
        done++;
      }
    } finally {
      cancel.abort(new Error('download finished')); // stop every worker, success or not
      await allGone; // and wait until they have
      parent?.removeEventListener('abort', onParentAbort);
    }
  }
}
