/**
 * metainfo.ts: a port of content/go/bittorrent/metainfo.go (ParseMetainfo) and of the tests'
 * testTorrent helper (seeder_test.go), which builds a single-file torrent for some bytes.
 *
 * The info hash is the SHA-1 of the bencoded info dictionary, taken over the bytes exactly as
 * they appear in the file: the decoder records where the top-level "info" value starts and
 * ends. Decoding and re-encoding would drop any key this client does not model ("private",
 * say) and give a hash no tracker or peer recognises; BEP 3 says to hash the substring.
 */
import { Decoder, encode, type BDict, type BValue } from './bencode';
import { sha1 } from './sha1';

/** The largest piece this client holds in memory: a stranger's 2^40 would be a 1 TiB allocation. */
export const MAX_PIECE_LENGTH = 64 << 20;

/** The part of a single-file .torrent that a downloader needs. */
export interface Metainfo {
  announce: string;
  name: string;
  length: number;
  pieceLength: number;
  pieces: Uint8Array[]; // 20-byte SHA-1 hashes, one per piece
  infoHash: Uint8Array;
}

const text = (v: BValue | undefined): string => {
  if (!(v instanceof Uint8Array)) return '';
  let s = '';
  for (const b of v) s += String.fromCharCode(b);
  return s;
};
const int = (v: BValue | undefined): bigint => (typeof v === 'bigint' ? v : 0n);

/** parseMetainfo reads a single-file .torrent; it throws on anything else. */
export function parseMetainfo(raw: Uint8Array): Metainfo {
  const d = new Decoder(raw);
  const v = d.whole();
  if (!(v instanceof Map) || d.infoEnd === 0) throw new Error('metainfo: no info dictionary');
  const top: BDict = v;
  const info = top.get('info');
  if (!(info instanceof Map)) throw new Error('metainfo: info is not a dictionary');
  if (info.has('files')) throw new Error('metainfo: multi-file torrents are not supported');

  const announce = text(top.get('announce'));
  const name = text(info.get('name'));
  const length = int(info.get('length'));
  const pieceLength = int(info.get('piece length'));
  const piecesValue = info.get('pieces');
  const pieces = piecesValue instanceof Uint8Array ? piecesValue : new Uint8Array(0);
  if (announce === '') throw new Error('metainfo: no announce URL (a trackerless torrent needs the DHT)');
  if (name === '') throw new Error('metainfo: no name');
  if (length <= 0n || pieceLength <= 0n || pieces.length % 20 !== 0) throw new Error('metainfo: not a valid single-file torrent');
  if (pieceLength > BigInt(MAX_PIECE_LENGTH)) throw new Error(`metainfo: pieces of ${pieceLength} bytes are larger than this client allows`);

  const hashes: Uint8Array[] = [];
  for (let i = 0; i < pieces.length; i += 20) hashes.push(pieces.slice(i, i + 20));
  // Written this way, a length near the int64 limit cannot overflow.
  let want = length / pieceLength;
  if (length % pieceLength !== 0n) want++;
  if (BigInt(hashes.length) !== want) throw new Error(`metainfo: ${hashes.length} piece hashes, want ${want}`);
  // (TypeScript only: the byte counts below are numbers, exact up to 2^53.)
  if (length > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('metainfo: length too large for this port');

  return {
    announce,
    name,
    length: Number(length),
    pieceLength: Number(pieceLength),
    pieces: hashes,
    // Hash the bytes exactly as they appear in the file.
    infoHash: sha1(raw.subarray(d.infoStart, d.infoEnd)),
  };
}

/** makeTorrent builds a single-file torrent for data (seeder_test.go's testTorrent): its bytes and its metainfo. */
export function makeTorrent(data: Uint8Array, pieceLength: number, name: string, announce: string): { raw: Uint8Array; meta: Metainfo } {
  const pieces = new Uint8Array(Math.ceil(data.length / pieceLength) * 20);
  for (let i = 0, n = 0; i < data.length; i += pieceLength, n++) {
    pieces.set(sha1(data.subarray(i, Math.min(i + pieceLength, data.length))), n * 20);
  }
  const raw = encode({
    announce,
    info: { name, length: data.length, 'piece length': pieceLength, pieces },
  });
  return { raw, meta: parseMetainfo(raw) };
}
