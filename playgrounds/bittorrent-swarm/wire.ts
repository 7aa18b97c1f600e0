/**
 * wire.ts: a port of content/go/bittorrent/wire.go, the peer wire protocol of BEP 3.
 *
 * - The handshake: 68 bytes, sent by both sides first. pstrlen (1 byte, 19), pstr (the 19
 *   bytes "BitTorrent protocol"), 8 reserved bytes, the 20-byte info hash, the 20-byte peer id.
 * - Then length-prefixed messages: a 4-byte big-endian length, a 1-byte message id, the
 *   payload. Length 0 is a keep-alive with no id. BEP 3 numbers the nine messages 0 to 8.
 * - The length prefix is the remote peer's claim: frames over MAX_FRAME are refused before
 *   anything is allocated for them.
 */

export const PSTR = 'BitTorrent protocol';

/** What the reading side of a connection offers: io.ReadFull. */
export interface Reader {
  readFull(n: number): Promise<Uint8Array>;
}

export interface Writer {
  write(bytes: Uint8Array): void;
}

export interface Handshake {
  reserved: Uint8Array; // 8 bytes
  infoHash: Uint8Array; // 20 bytes
  peerId: Uint8Array; // 20 bytes
}

/** handshakeBytes lays the handshake out on the wire: 1 + 19 + 8 + 20 + 20 = 68 bytes. */
export function handshakeBytes(h: { reserved?: Uint8Array; infoHash: Uint8Array; peerId: Uint8Array }): Uint8Array {
  const b = new Uint8Array(68);
  b[0] = PSTR.length;
  for (let i = 0; i < PSTR.length; i++) b[1 + i] = PSTR.charCodeAt(i);
  if (h.reserved) b.set(h.reserved.subarray(0, 8), 20);
  b.set(h.infoHash.subarray(0, 20), 28);
  b.set(h.peerId.subarray(0, 20), 48);
  return b;
}

/** readHandshake reads the 68 bytes of a peer's handshake. */
export async function readHandshake(r: Reader): Promise<Handshake> {
  const b = await r.readFull(68);
  let pstr = '';
  for (let i = 1; i < 20; i++) pstr += String.fromCharCode(b[i]!);
  if (b[0] !== PSTR.length || pstr !== PSTR) throw new Error('handshake: not a BitTorrent peer');
  return { reserved: b.slice(20, 28), infoHash: b.slice(28, 48), peerId: b.slice(48, 68) };
}

/** The nine messages of BEP 3. */
export const MSG = {
  choke: 0,
  unchoke: 1,
  interested: 2,
  notInterested: 3,
  have: 4,
  bitfield: 5,
  request: 6,
  piece: 7,
  cancel: 8,
} as const;

export const MESSAGE_NAMES = ['choke', 'unchoke', 'interested', 'not interested', 'have', 'bitfield', 'request', 'piece', 'cancel'];

export interface Message {
  id: number;
  payload: Uint8Array;
}

/** A piece message with a 16 KiB block needs 9+16384 bytes; anything far larger is hostile or broken. */
export const MAX_FRAME = 1 << 18;

const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

/** readMessage returns null for a keep-alive (length 0). */
export async function readMessage(r: Reader): Promise<Message | null> {
  const n = u32(await r.readFull(4), 0);
  if (n === 0) return null;
  if (n > MAX_FRAME) throw new Error(`wire: frame of ${n} bytes exceeds limit`);
  const body = await r.readFull(n);
  return { id: body[0]!, payload: body.subarray(1) };
}

/** frame lays m out on the wire: length, id, payload. */
export function frame(m: Message): Uint8Array {
  const f = new Uint8Array(5 + m.payload.length);
  putU32(f, 0, 1 + m.payload.length);
  f[4] = m.id;
  f.set(m.payload, 5);
  return f;
}

/** writeMessage frames m and writes it in one call. */
export function writeMessage(w: Writer, m: Message): void {
  w.write(frame(m));
}

export function requestMsg(index: number, begin: number, length: number): Message {
  const p = new Uint8Array(12);
  putU32(p, 0, index);
  putU32(p, 4, begin);
  putU32(p, 8, length);
  return { id: MSG.request, payload: p };
}

/** The three numbers of a request or cancel payload. */
export function parseRequest(payload: Uint8Array): { index: number; begin: number; length: number } {
  return { index: u32(payload, 0), begin: u32(payload, 4), length: u32(payload, 8) };
}

export function pieceMsg(index: number, begin: number, block: Uint8Array): Message {
  const p = new Uint8Array(8 + block.length);
  putU32(p, 0, index);
  putU32(p, 4, begin);
  p.set(block, 8);
  return { id: MSG.piece, payload: p };
}

/** parsePiece splits a piece message's payload into index, begin and block. */
export function parsePiece(payload: Uint8Array): { index: number; begin: number; block: Uint8Array } {
  if (payload.length < 8) throw new Error('wire: short piece message');
  return { index: u32(payload, 0), begin: u32(payload, 4), block: payload.subarray(8) };
}

export function haveIndex(payload: Uint8Array): number {
  return u32(payload, 0);
}

/** A bitfield has one bit per piece, piece 0 in the high bit of byte 0. */
export function newBitfield(numPieces: number): Uint8Array {
  return new Uint8Array(Math.ceil(numPieces / 8));
}

/** has reports whether piece i is set. */
export function bitHas(bf: Uint8Array, i: number): boolean {
  if (i < 0 || Math.floor(i / 8) >= bf.length) return false;
  return ((bf[Math.floor(i / 8)]! >> (7 - (i % 8))) & 1) === 1;
}

/** set marks piece i. */
export function bitSet(bf: Uint8Array, i: number): void {
  const k = Math.floor(i / 8);
  if (i >= 0 && k < bf.length) bf[k] = bf[k]! | (1 << (7 - (i % 8)));
}

/**
 * checkBitfield applies BEP 3's rules to a received bitfield: one bit per piece, rounded up to
 * whole bytes, with the spare bits at the end zero.
 */
export function checkBitfield(payload: Uint8Array, numPieces: number): void {
  if (payload.length !== Math.ceil(numPieces / 8)) throw new Error(`wire: bitfield of ${payload.length} bytes for ${numPieces} pieces`);
  const spare = payload.length * 8 - numPieces;
  if (spare > 0 && (payload[payload.length - 1]! & ((1 << spare) - 1)) !== 0) throw new Error('wire: bitfield sets bits past the last piece');
}
