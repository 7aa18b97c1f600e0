/**
 * bittorrent-swarm: one torrent, downloaded from four simulated peers.
 *
 * The client is a port of the Go Field Guide's tested BitTorrent package (content/go/bittorrent,
 * the code of "Build a BitTorrent client in Go"). First the torrent: bencode, and the info hash,
 * the SHA-1 of the info dictionary's bytes. Then what the decoder refuses from a stranger, and
 * the handshake and message framing on the wire. Then the download: four peers on an in-memory
 * network, a fast one, a slow one, one that chokes us mid-piece and unchokes later, and one that
 * sends a corrupt piece, which the SHA-1 check catches and another peer supplies.
 * main.go is the same program in Go, with the real package and net.Pipe.
 */
import { decode, encode, BencodeError, utf8 } from './bencode';
import { makeTorrent } from './metainfo';
import { frame, handshakeBytes, requestMsg } from './wire';
import { BLOCK_SIZE, GO_DEADLINES, type Deadlines } from './peer';
import { Downloader, type WorkerEvent } from './download';
import { Seeder, type SeederOptions } from './seeder';
import { pipe } from './memnet';
import { equalBytes, hex, sha1 } from './sha1';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span, type Span } from '../_shared/trace';
import { blue, bold, cyan, dim, green, heading, log, magenta, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 7; // the same seed gives the same file, the same torrent and the same run
const PIECES = 10; // pieces in the torrent; the last one is short
const PIECE_LENGTH = 128 * 1024; // 8 blocks of 16 KiB
const LAST_PIECE_BYTES = 40_000; // 3 blocks, the last of them short
const PIPELINE_DEPTH = 5; // block requests kept in flight per peer (Go: maxBacklog = 5); try 1
const DEADLINE_SCALE = 1 / 100; // the Go package's deadlines, scaled: 60 s to be unchoked -> 600 ms

// The swarm. latencyMs: one-way network delay; blockMs: time to upload one 16 KiB block.
const PEERS: Array<{ name: string; address: string } & SeederOptions> = [
  { name: 'fast', address: '10.0.0.1:6881', latencyMs: 5, blockMs: 8, unchokeAfterMs: 40, has: (i) => i !== 7 && i !== 9 },
  { name: 'slow', address: '10.0.0.2:6881', latencyMs: 20, blockMs: 50, has: (i) => i !== 7 }, // try blockMs: 80
  { name: 'choker', address: '10.0.0.3:6881', latencyMs: 20, blockMs: 10, has: (i) => i !== 9, chokeAfterBlocks: 6, chokeForMs: 300 }, // try chokeForMs: 700
  { name: 'corrupt', address: '10.0.0.4:6881', latencyMs: 5, blockMs: 4, has: (i) => i === 7, corrupt: true },
];
const SPEED = 1; // 2 runs twice as fast; the output stays the same
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);

const deadlines: Deadlines = {
  dial: GO_DEADLINES.dial * DEADLINE_SCALE,
  handshake: GO_DEADLINES.handshake * DEADLINE_SCALE,
  unchoke: GO_DEADLINES.unchoke * DEADLINE_SCALE,
  message: GO_DEADLINES.message * DEADLINE_SCALE,
  piece: GO_DEADLINES.piece * DEADLINE_SCALE,
};

/** The file being shared: seeded bytes, the same as main.go's. */
function makeData(): Uint8Array {
  const random = createRandom(SEED);
  const data = new Uint8Array((PIECES - 1) * PIECE_LENGTH + LAST_PIECE_BYTES);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random.next() * 256);
  return data;
}

const kib = (n: number): string => (n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`);
const spaced = (bytes: Uint8Array): string => hex(bytes).replace(/(..)(?!$)/g, '$1 ');
const colourOf = (name: string): ((s: string) => string) => ({ fast: green, slow: blue, choker: yellow, corrupt: magenta })[name] ?? cyan;

function showTorrent(raw: Uint8Array): string {
  // Everything but the 20-byte hashes is text.
  const text = Array.from(raw, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '\u0000')).join('');
  return text.replace(/6:pieces(\d+):[^]*?ee$/, (_, n: string) => `6:pieces${n}:${dim(`<${Number(n) / 20} SHA-1 hashes>`)}ee`);
}

async function main(): Promise<void> {
  console.log(bold('bittorrent-swarm: one torrent, four peers, one of them lying'));
  console.log(dim(`seed ${SEED}: ${PIECES} pieces of ${kib(PIECE_LENGTH)} (${BLOCK_SIZE / 1024} KiB blocks, ${PIPELINE_DEPTH} requests in flight), deadlines x${DEADLINE_SCALE}`));

  // ── 1. the torrent ──
  heading('1. the torrent: bencode and the info hash');
  const data = makeData();
  const { raw, meta } = makeTorrent(data, PIECE_LENGTH, 'swarm.bin', 'http://tracker.invalid/announce');
  log(`${raw.length} bytes of bencode: ${showTorrent(raw)}`);
  const infoHash = hex(meta.infoHash);
  log(`info hash = SHA-1 of the info dictionary's bytes as they are in the file: ${bold(infoHash)}`);
  const reencoded = equalBytes(encode(decode(raw)), raw);
  log(`decode, then encode again: ${reencoded ? green('the same bytes') : red('different bytes')} (only canonical bencode is accepted)`);
  milestone('info hash', infoHash);
  milestone('torrent re-encodes to itself', reencoded);
  await clock.sleep(300);

  // ── 2. hostile input ──
  heading('2. what the decoder refuses from a stranger');
  const hostile: Array<[string, Uint8Array]> = [
    ["4 MiB of 'l'", new Uint8Array(4 << 20).fill(0x6c)],
    ['99999999999999999999:x', utf8('99999999999999999999:x')],
    ['5:spam', utf8('5:spam')],
    ['i-0e', utf8('i-0e')],
    ['i03e', utf8('i03e')],
    ['d4:spam1:a3:cow1:be', utf8('d4:spam1:a3:cow1:be')],
  ];
  let rejected = 0;
  for (const [label, input] of hostile) {
    try {
      decode(input);
      log(`${pad(label, 24)} ${red('accepted')}`);
    } catch (err) {
      if (!(err instanceof BencodeError)) throw err; // anything else would be a bug
      rejected++;
      log(`${pad(label, 24)} ${yellow(err.message.replace('bencode: invalid input ', ''))}`);
    }
  }
  milestone('hostile inputs rejected', rejected);
  await clock.sleep(300);

  // ── 3. on the wire ──
  heading('3. on the wire: the handshake and one framed message');
  const peerId = utf8('-GF0001-playground01');
  const hs = handshakeBytes({ infoHash: meta.infoHash, peerId });
  log(`handshake, ${hs.length} bytes: ${dim('13')} ${cyan("'BitTorrent protocol'")} ${dim('00 x8')} ${hex(hs.subarray(28, 48))} ${dim("'-GF0001-playground01'")}`);
  const request = frame(requestMsg(7, BLOCK_SIZE, BLOCK_SIZE));
  log(`request(piece 7, begin 16384, length 16384): ${spaced(request.subarray(0, 4))} | ${spaced(request.subarray(4, 5))} | ${spaced(request.subarray(5))}`);
  log(dim('  length 13, id 6 (request), then index, begin and length, big-endian'));
  milestone('handshake bytes', hs.length);
  milestone('request frame', hex(request));
  await clock.sleep(300);

  // ── 4. the download ──
  heading(`4. the download from ${PEERS.length} peers`);
  for (const p of PEERS) {
    const holds = Array.from({ length: PIECES }, (_, i) => i).filter((i) => !p.has || p.has(i));
    const what = [
      p.corrupt ? red('corrupts every block') : '',
      p.chokeAfterBlocks ? `chokes after ${p.chokeAfterBlocks} blocks for ${p.chokeForMs} ms` : '',
      p.unchokeAfterMs ? `unchokes after ${p.unchokeAfterMs} ms` : '',
    ].filter(Boolean);
    console.log(
      `  ${colourOf(p.name)(pad(p.name, 8))} ${dim(p.address)}  ${pad(`${p.latencyMs} ms away`, 11)} ${pad(`${p.blockMs} ms/block`, 12)} has ${holds.length === PIECES ? 'every piece' : holds.length <= 3 ? `only ${holds.join(', ')}` : `all but ${Array.from({ length: PIECES }, (_, i) => i).filter((i) => !holds.includes(i)).join(', ')}`}${what.length ? `; ${what.join(', ')}` : ''}`,
    );
  }
  console.log(dim(`  deadlines: handshake ${deadlines.handshake} ms, unchoke ${deadlines.unchoke} ms, each message ${deadlines.message} ms, each piece ${deadlines.piece} ms`));

  const seeders = new Map(PEERS.map((p) => [p.address, new Seeder(p.name, p, data, meta, clock)]));
  const nameOf = new Map(PEERS.map((p) => [p.address, p.name]));

  // What the log and the timeline show of each worker.
  interface Lane {
    name: string;
    step?: Span; // the handshake, a wait for unchoke, or a piece
    pieceStartedAt: number;
    blocksThisPiece: number;
    maxInFlight: number;
    delivered: number[];
    ended: string;
  }
  const lanes = new Map<string, Lane>();
  for (const p of PEERS) lanes.set(p.address, { name: p.name, pieceStartedAt: 0, blocksThisPiece: 0, maxInFlight: 0, delivered: [], ended: '' });
  const say = (lane: Lane, text: string): void => log(`${colourOf(lane.name)(pad(lane.name, 8))} ${text}`);
  let corruptCaught = 0;
  const caught: string[] = [];

  const observe = (address: string, e: WorkerEvent): void => {
    const lane = lanes.get(address)!;
    const name = lane.name;
    switch (e.kind) {
      case 'connected':
        lane.step?.end('ok');
        lane.step = span(name, 'handshake');
        break;
      case 'handshake done':
        lane.step?.end('ok');
        break;
      case 'bitfield':
        say(lane, `handshake ok, bitfield: ${e.pieces} of ${PIECES} pieces`);
        lane.step = span(name, 'wait for unchoke');
        break;
      case 'unchoke':
        lane.step?.end('ok');
        say(lane, 'unchokes us');
        instant(name, 'unchoke');
        break;
      case 'choke':
        instant(name, 'choke', 'warn');
        break;
      case 'piece started':
        lane.step = span(name, `piece ${e.index}`);
        lane.pieceStartedAt = clock.now();
        lane.blocksThisPiece = 0;
        break;
      case 'request':
        lane.maxInFlight = Math.max(lane.maxInFlight, e.inFlight);
        break;
      case 'block':
        lane.blocksThisPiece++;
        break;
      case 'piece verified':
        lane.step?.end('ok', 'SHA-1 ok');
        lane.delivered.push(e.index);
        say(lane, `piece ${e.index} verified ${dim(`(${lane.blocksThisPiece} blocks in ${clock.now() - lane.pieceStartedAt} ms)`)}`);
        break;
      case 'hash mismatch':
        lane.step?.end('error', 'SHA-1 mismatch');
        instant(name, 'SHA-1 mismatch', 'error');
        corruptCaught++;
        caught.push(`piece ${e.index} from ${name}`);
        say(lane, red(`piece ${e.index} fails its SHA-1 check: back in the queue for another peer, and this peer is dropped`));
        break;
      case 'choked mid-piece':
        lane.step?.end('cancelled', 'choked');
        say(lane, yellow(`chokes us in piece ${e.index} after ${lane.blocksThisPiece} blocks: the piece goes back in the queue`));
        lane.step = span(name, 'wait for unchoke');
        break;
      case 'piece failed': {
        // downloadPiece's read deadline is the nearer of the two: the next message, or the whole piece.
        const which = e.error !== 'i/o timeout' ? '' : clock.now() - lane.pieceStartedAt >= deadlines.piece ? ' (the piece deadline)' : ' (the message deadline)';
        lane.step?.end('error', e.error + which);
        say(lane, red(`piece ${e.index}: ${e.error}${which}; the piece goes back in the queue`));
        break;
      }
      case 'stopped':
        lane.step?.end(e.reason === 'download finished' ? 'cancelled' : 'error', e.reason);
        lane.ended = e.reason === 'waiting for unchoke: i/o timeout' ? `${e.reason} (the unchoke deadline)` : e.reason;
        if (e.reason !== 'download finished') {
          instant(name, 'worker stops', 'warn');
          say(lane, dim(`worker stops: ${lane.ended}`));
        }
        break;
    }
  };

  const downloader = new Downloader(meta, peerId, {
    clock,
    maxBacklog: PIPELINE_DEPTH,
    deadlines,
    dial: async (address) => {
      const seeder = seeders.get(address);
      if (!seeder) throw new Error(`dial ${address}: connection refused`);
      await clock.sleep(2 * seeder.opts.latencyMs); // the TCP handshake's round trip
      const [client, server] = pipe(clock, seeder.opts.latencyMs);
      void seeder.serve(server);
      return client;
    },
    observe,
  });

  for (const lane of lanes.values()) lane.step = span(lane.name, 'dial'); // one lane per peer, in the table's order
  const out = new Uint8Array(data.length);
  const deliveredBy = new Map<number, string>();
  const started = clock.now();
  let error: string | undefined;
  try {
    await downloader.download(
      undefined,
      PEERS.map((p) => p.address),
      { writeAt: (bytes, offset) => out.set(bytes, offset) },
      (index, address) => deliveredBy.set(index, nameOf.get(address) ?? address),
    );
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const took = clock.now() - started;
  if (error) log(red(bold(`download failed after ${took} ms: ${error}`)));
  else log(bold(green(`download complete after ${took} ms`)));

  // Check the result independently of the client: every piece against the metainfo.
  let verified = 0;
  for (let i = 0; i < PIECES; i++) {
    const begin = i * PIECE_LENGTH;
    if (equalBytes(sha1(out.subarray(begin, Math.min(begin + PIECE_LENGTH, out.length))), meta.pieces[i]!)) verified++;
  }
  milestone('pieces verified', verified);
  milestone('corrupt pieces caught', corruptCaught);
  // Pieces only one honest peer has: the schedule decides who delivers them.
  const forced: number[] = [];
  for (let i = 0; i < PIECES; i++) {
    const honest = PEERS.filter((p) => !p.corrupt && (!p.has || p.has(i)));
    if (honest.length === 1) forced.push(i);
  }
  for (const i of forced) milestone(`piece ${i} delivered by`, deliveredBy.get(i) ?? 'nobody');

  heading('summary');
  console.log(`  ${pad('peer', 9)}${pad('pieces delivered', 24)}${pad('blocks sent', 13)}${pad('in flight', 11)}worker ended`);
  for (const p of PEERS) {
    const lane = lanes.get(p.address)!;
    const seeder = seeders.get(p.address)!;
    console.log(
      `  ${colourOf(p.name)(pad(p.name, 9))}${pad(lane.delivered.join(' ') || '-', 24)}${pad(seeder.served, 13)}${pad(`max ${lane.maxInFlight}`, 11)}${dim(lane.ended || '-')}`,
    );
  }
  console.log('');
  console.log(`  pieces verified        ${verified === PIECES ? green(`${verified} of ${PIECES}`) : red(`${verified} of ${PIECES}`)} ${dim('(each piece checked against its SHA-1 in the metainfo)')}`);
  console.log(`  corrupt pieces caught  ${corruptCaught ? yellow(String(corruptCaught)) : '0'}${caught.length ? dim(` (${caught.join(', ')})`) : ''}`);
  for (const i of forced) console.log(`  piece ${i} delivered by   ${deliveredBy.get(i) ?? red('nobody')} ${dim('(the only honest peer that has it)')}`);
  console.log(`  ${error ? red(`download failed: ${error}`) : `download took ${took} ms`}; info hash ${infoHash.slice(0, 16)}...`);
  console.log(dim(`  Deadlines are the Go package's x${DEADLINE_SCALE}: a peer that is slower than the piece deadline, or chokes longer than the unchoke deadline, is dropped.`));
}

runMain(main);
