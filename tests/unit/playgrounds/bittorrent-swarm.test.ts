/**
 * The bittorrent-swarm playground's port of content/go/bittorrent, rule by rule: the bencode
 * decoder's limits and BEP 3's integer and key rules (with the Go tests' tables, and a seeded
 * property test over random inputs), SHA-1 against known vectors, the handshake and message
 * framing, the in-memory network, and the download loop against the Go tests' misbehaving
 * seeders, on a virtual clock that runs as fast as it can (like testing/synctest's fake time),
 * with the Go package's real deadlines.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { BencodeError, bytesOf, decode, encode, MAX_DEPTH, utf8, type BValue } from '../../../playgrounds/bittorrent-swarm/bencode';
import { sha1, hex } from '../../../playgrounds/bittorrent-swarm/sha1';
import { makeTorrent, parseMetainfo } from '../../../playgrounds/bittorrent-swarm/metainfo';
import { bitHas, bitSet, checkBitfield, frame, handshakeBytes, MAX_FRAME, MSG, readHandshake, readMessage, requestMsg } from '../../../playgrounds/bittorrent-swarm/wire';
import { Channel, ClosedPipe, DeadlineExceeded, EOF, pipe, type Conn } from '../../../playgrounds/bittorrent-swarm/memnet';
import { BLOCK_SIZE, GO_DEADLINES, type Deadlines } from '../../../playgrounds/bittorrent-swarm/peer';
import { Downloader, type WorkerEvent } from '../../../playgrounds/bittorrent-swarm/download';
import { Seeder, type SeederOptions } from '../../../playgrounds/bittorrent-swarm/seeder';
import { VirtualClock } from '../../../playgrounds/_shared/clock';
import { createRandom, type Random } from '../../../playgrounds/_shared/random';

const b = (s: string): Uint8Array => bytesOf(s);
const str = (v: BValue): string => String.fromCharCode(...(v as Uint8Array));

/** Node's SHA-1, to check ours against. */
const nodeSha1 = (data: Uint8Array): string => createHash('sha1').update(data).digest('hex');

describe('bencode port: decode', () => {
  it('decodes the Go tests\' valid inputs (TestDecodeValid)', () => {
    assert.equal(str(decode(b('4:spam'))), 'spam');
    assert.equal(str(decode(b('0:'))), '');
    assert.equal(decode(b('i3e')), 3n);
    assert.equal(decode(b('i-3e')), -3n);
    assert.equal(decode(b('i0e')), 0n);
    assert.equal(decode(b('i9223372036854775807e')), 9223372036854775807n);
    assert.equal(decode(b('i-9223372036854775808e')), -9223372036854775808n);
    assert.deepEqual(decode(b('le')), []);
    const list = decode(b('l4:spami7ee')) as BValue[];
    assert.equal(str(list[0]!), 'spam');
    assert.equal(list[1], 7n);
    const dict = decode(b('d3:cow3:moo4:spam4:eggse')) as Map<string, BValue>;
    assert.deepEqual([...dict.keys()], ['cow', 'spam']);
    assert.equal(str(dict.get('spam')!), 'eggs');
    const nested = decode(b('d4:spaml1:a1:bee')) as Map<string, BValue>;
    assert.deepEqual((nested.get('spam') as BValue[]).map(str), ['a', 'b']);
    assert.deepEqual([...(decode(b('3:\x00\xff\x20')) as Uint8Array)], [0, 255, 32], 'strings hold raw bytes');
  });

  it('rejects every input of the Go tests\' table with a BencodeError (TestDecodeRejects)', () => {
    const rejects = [
      '',
      'i03e', // BEP 3: leading zeros are invalid
      'i-0e', // BEP 3: negative zero is invalid
      'i-03e',
      'ie',
      'i-e',
      'i3',
      'i+3e', // no digits, no end, a sign BEP 3 does not allow
      'i9223372036854775808e', // does not fit in an int64
      '04:spam', // a length with a leading zero
      '5:spam', // longer than the input
      '99999999999999999999:x', // a length too large to be a number at all
      '4spam',
      '-1:x',
      'l',
      'li1e',
      'd',
      'd3:cow',
      'd3:cowe',
      'di1e3:mooe', // key is not a string
      'd4:spam1:a3:cow1:be', // keys out of order
      'd3:cow1:a3:cow1:be', // key repeated
      'i1ei2e', // trailing data
      'x',
    ];
    for (const input of rejects) assert.throws(() => decode(b(input)), BencodeError, `decode(${JSON.stringify(input)}) must fail`);
  });

  it('says what is wrong and where, as the Go decoder does', () => {
    const reason = (input: string): string => {
      try {
        decode(b(input));
      } catch (err) {
        assert.ok(err instanceof BencodeError);
        return err.message;
      }
      return 'accepted';
    };
    assert.equal(reason('i03e'), 'bencode: invalid input at byte 1: number with a leading zero');
    assert.equal(reason('i-0e'), 'bencode: invalid input at byte 1: negative zero');
    assert.equal(reason('04:spam'), 'bencode: invalid input at byte 0: number with a leading zero');
    assert.equal(reason('5:spam'), 'bencode: invalid input at byte 2: string of 5 bytes, but only 4 left');
    assert.equal(reason('i3'), "bencode: invalid input at byte 1: number not ended by 'e'");
    assert.equal(reason('d4:spam1:a3:cow1:be'), 'bencode: invalid input at byte 15: dictionary key "cow" repeated or out of order');
    assert.equal(reason('i1ei2e'), 'bencode: invalid input at byte 3: trailing data after the value');
  });

  it('bounds nesting at 64: four MiB of "l" is an ordinary error, not a stack overflow (TestDecodeBoundsNesting)', () => {
    assert.equal(MAX_DEPTH, 64);
    const deep = new Uint8Array(4 << 20).fill(0x6c);
    assert.throws(() => decode(deep), (err: unknown) => err instanceof BencodeError && /nested more than 64 deep/.test(err.message) && err.pos === 64);
    const ok = 'l'.repeat(MAX_DEPTH) + 'e'.repeat(MAX_DEPTH);
    assert.doesNotThrow(() => decode(b(ok)), '64 levels decode');
    assert.throws(() => decode(b(`l${ok}e`)), BencodeError, '65 levels are refused');
    assert.throws(() => decode(b('d1:a'.repeat(70) + 'e'.repeat(70))), /nested more than 64 deep/, 'dictionaries count too');
  });

  it('checks a string\'s length against the input left before slicing anything', () => {
    for (const [input, pattern] of [
      ['9223372036854775807:x', /string of 9223372036854775807 bytes, but only 1 left/], // fits an int64, far too long
      ['9223372036854775808:x', /number out of range/], // does not fit an int64
      ['9007199254740993:abc', /string of 9007199254740993 bytes, but only 3 left/], // past 2^53: compared exactly
      ['4294967296:x', /string of 4294967296 bytes, but only 1 left/],
      ['1'.repeat(100_000), /number not ended by ':'/],
      [`${'1'.repeat(30)}:x`, /number out of range/],
    ] as const) {
      assert.throws(() => decode(b(input)), (err: unknown) => err instanceof BencodeError && pattern.test(err.message), input.slice(0, 30));
    }
    assert.equal(str(decode(b('3:abc'))), 'abc', 'a length equal to what is left is fine');
  });

  it('records the byte range of the top-level info dictionary only', () => {
    const info = 'd6:lengthi5e4:name5:hello12:piece lengthi16384e6:pieces20:' + 'x'.repeat(20) + '7:privatei1ee';
    const raw = b(`d8:announce21:http://tracker.test/a4:info${info}e`);
    const m = parseMetainfo(raw);
    assert.equal(hex(m.infoHash), nodeSha1(b(info)), 'the info hash is the SHA-1 of the info dictionary\'s bytes');
    const known = encode({ length: 5, name: 'hello', 'piece length': 16384, pieces: 'x'.repeat(20) });
    assert.notEqual(hex(m.infoHash), nodeSha1(known), 're-encoding only the known fields would hash different bytes (TestInfoHashIsOverRawBytes)');
    assert.throws(() => parseMetainfo(b('d1:ad4:infodeee')), /no info dictionary/, 'an info key below the top level does not count');
  });
});

describe('bencode port: encode', () => {
  it('writes keys sorted as raw bytes, integers, byte strings and lists (TestEncodeRoundTrip)', () => {
    const v = new Map<string, BValue>([
      ['b', [1n, b('x'), new Map()]],
      ['a', -7n],
      ['c', Uint8Array.from([0, 1, 2])],
    ]);
    assert.equal(String.fromCharCode(...encode(v)), 'd1:ai-7e1:bli1e1:xdee1:c3:\x00\x01\x02e');
    assert.equal(String.fromCharCode(...encode({ z: 1, A: 'é' })), 'd1:A2:\xc3\xa91:zi1ee', 'strings are written as UTF-8, keys in byte order');
  });

  it('refuses a cyclic value instead of recursing forever', () => {
    const cyclic: BValue[] = [];
    cyclic.push(cyclic);
    assert.throws(() => encode(cyclic), /nested too deeply/);
    assert.throws(() => encode(1.5), /cannot encode/);
  });
});

/** A random value to encode, up to a few levels deep. */
function randomValue(r: Random, depth: number): BValue {
  const kind = depth > 3 ? r.int(0, 1) : r.int(0, 3);
  if (kind === 0) return BigInt(r.int(-1000, 1000)) * (r.chance(0.1) ? 10n ** 15n : 1n);
  if (kind === 1) return Uint8Array.from({ length: r.int(0, 6) }, () => r.int(0, 255));
  if (kind === 2) return Array.from({ length: r.int(0, 4) }, () => randomValue(r, depth + 1));
  const m = new Map<string, BValue>();
  for (let i = r.int(0, 4); i > 0; i--) m.set(String.fromCharCode(...Array.from({ length: r.int(0, 3) }, () => r.int(0, 255))), randomValue(r, depth + 1));
  return m;
}

/** A random input: noise over bencode's alphabet, or a valid encoding with a few bytes changed. */
function randomInput(r: Random): Uint8Array {
  const alphabet = b('ilde:0123456789-ee00');
  if (r.chance(0.3)) return Uint8Array.from({ length: r.int(0, 24) }, () => (r.chance(0.9) ? r.pick([...alphabet]) : r.int(0, 255)));
  const bytes = [...encode(randomValue(r, 0))];
  for (let edits = r.int(0, 3); edits > 0; edits--) {
    const at = r.int(0, bytes.length);
    switch (r.int(0, 4)) {
      case 0:
        bytes.splice(at, 1);
        break;
      case 1:
        bytes.splice(at, 0, r.pick([...alphabet]));
        break;
      case 2:
        if (at < bytes.length) bytes[at] = r.pick([...alphabet]);
        break;
      case 3:
        bytes.length = at; // truncated
        break;
      default:
        bytes.splice(at, 0, ...bytes.slice(0, r.int(0, 5)));
    }
  }
  return Uint8Array.from(bytes);
}

describe('bencode port: property test over random inputs (FuzzDecode)', () => {
  it('never throws anything but a BencodeError, and every accepted input re-encodes to itself', () => {
    const r = createRandom(20261204);
    let accepted = 0;
    let rejected = 0;
    const N = 30_000;
    for (let i = 0; i < N; i++) {
      const input = randomInput(r);
      let value: BValue;
      try {
        value = decode(input);
      } catch (err) {
        assert.ok(err instanceof BencodeError, `input ${JSON.stringify(String.fromCharCode(...input))} threw ${String(err)}`);
        rejected++;
        continue;
      }
      accepted++;
      assert.deepEqual(encode(value), input, `accepted ${JSON.stringify(String.fromCharCode(...input))} but it re-encodes differently`);
    }
    // Both branches must really be exercised, or the property says nothing.
    assert.ok(accepted > N / 10, `only ${accepted} accepted`);
    assert.ok(rejected > N / 10, `only ${rejected} rejected`);
  });

  it('keeps deep nesting and huge lengths inside the error type, wherever they appear', () => {
    const r = createRandom(7);
    for (let i = 0; i < 200; i++) {
      const prefix = 'l'.repeat(r.int(0, 70));
      const hostile = r.pick(['99999999999999999999:x', `${'9'.repeat(r.int(10, 19))}:`, 'i-0e', 'i00e', 'l'.repeat(r.int(60, 5000)), 'd'.repeat(r.int(60, 200))]);
      assert.throws(() => decode(b(prefix + hostile)), BencodeError);
    }
  });
});

describe('metainfo port: parseMetainfo', () => {
  it('rejects the Go tests\' broken torrents (TestParseMetainfoRejects)', () => {
    const x20 = 'x'.repeat(20);
    for (const [name, raw] of [
      ['not a dict', 'le'],
      ['no info', 'd8:announce1:xe'],
      ['multi-file', 'd8:announce1:x4:infod5:filesleee'],
      ['no announce', `d4:infod6:lengthi1e4:name1:a12:piece lengthi1e6:pieces20:${x20}ee`],
      ['hash count', `d8:announce1:x4:infod6:lengthi2e4:name1:a12:piece lengthi1e6:pieces20:${x20}ee`],
      ['huge piece', `d8:announce1:x4:infod6:lengthi1e4:name1:a12:piece lengthi1099511627776e6:pieces20:${x20}ee`],
      ['huge length', `d8:announce1:x4:infod6:lengthi9223372036854775807e4:name1:a12:piece lengthi16384e6:pieces20:${x20}ee`],
      ['pieces not 20s', 'd8:announce1:x4:infod6:lengthi1e4:name1:a12:piece lengthi1e6:pieces3:abcee'],
      ['negative length', 'd8:announce1:x4:infod6:lengthi-1e4:name1:a12:piece lengthi1e6:pieces0:ee'],
      ['info not a dict', 'd8:announce1:x4:infoi1ee'],
      ['nested info only', 'd1:ad4:infodeee'],
    ]) {
      assert.throws(() => parseMetainfo(b(raw!)), Error, name);
    }
  });

  it('makeTorrent lists one SHA-1 per piece, the last piece short', () => {
    const data = Uint8Array.from({ length: 2 * 16384 + 100 }, (_, i) => i % 251);
    const { raw, meta } = makeTorrent(data, 16384, 'test.bin', 'http://tracker.test/announce');
    assert.equal(meta.pieces.length, 3);
    assert.equal(hex(meta.pieces[2]!), nodeSha1(data.subarray(32768)));
    assert.equal(meta.length, data.length);
    assert.deepEqual(encode(decode(raw)), raw);
  });
});

describe('sha1', () => {
  it('matches the FIPS 180 and RFC 3174 test vectors', () => {
    assert.equal(hex(sha1(b(''))), 'da39a3ee5e6b4b0d3255bfef95601890afd80709');
    assert.equal(hex(sha1(b('abc'))), 'a9993e364706816aba3e25717850c26c9cd0d89d');
    assert.equal(hex(sha1(b('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))), '84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    assert.equal(
      hex(sha1(b('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu'))),
      'a49b2446a02c645bf419f995b67091253a04a259',
    );
    assert.equal(hex(sha1(new Uint8Array(1_000_000).fill(0x61))), '34aa973cd4c4daa4f61eeb2bdbad27316534016f');
    assert.equal(hex(sha1(b('The quick brown fox jumps over the lazy dog'))), '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12');
  });

  it('agrees with Node\'s crypto on every length around the 64-byte block and padding boundaries', () => {
    const r = createRandom(3);
    for (let n = 0; n <= 300; n++) {
      const data = Uint8Array.from({ length: n }, () => r.int(0, 255));
      assert.equal(hex(sha1(data)), nodeSha1(data), `length ${n}`);
    }
    const big = Uint8Array.from({ length: 131072 + 17 }, () => r.int(0, 255));
    assert.equal(hex(sha1(big)), nodeSha1(big));
  });
});

describe('wire port', () => {
  it('lays the handshake out in 68 bytes at the right offsets (TestHandshakeLayout)', async () => {
    const reserved = new Uint8Array(8);
    reserved[5] = 0x10; // BEP 10's bit
    const infoHash = new Uint8Array(20).fill(0xaa);
    const peerId = new Uint8Array(20).fill(0xbb);
    const hs = handshakeBytes({ reserved, infoHash, peerId });
    assert.equal(hs.length, 68);
    assert.equal(hs[0], 19);
    assert.equal(String.fromCharCode(...hs.subarray(1, 20)), 'BitTorrent protocol');
    assert.equal(hs[25], 0x10);
    assert.ok(hs[28] === 0xaa && hs[47] === 0xaa && hs[48] === 0xbb && hs[67] === 0xbb);
    const reader = (bytes: Uint8Array) => ({ readFull: async (n: number) => bytes.slice(0, n) });
    const back = await readHandshake(reader(hs));
    assert.deepEqual(back.reserved, reserved);
    assert.deepEqual(back.infoHash, infoHash);
    assert.deepEqual(back.peerId, peerId);
    hs[1] = 0x62; // 'b'
    await assert.rejects(readHandshake(reader(hs)), /not a BitTorrent peer/);
  });

  it('numbers the nine messages of BEP 3 from 0 to 8 (TestMessageIDs)', () => {
    assert.deepEqual(Object.values(MSG), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(Object.keys(MSG), ['choke', 'unchoke', 'interested', 'notInterested', 'have', 'bitfield', 'request', 'piece', 'cancel']);
  });

  it('frames messages with a 4-byte length, refuses huge frames and reads keep-alives (TestReadMessage)', async () => {
    const f = frame(requestMsg(1, 16384, 16384));
    assert.deepEqual([...f], [0, 0, 0, 13, 6, 0, 0, 0, 1, 0, 0, 0x40, 0, 0, 0, 0x40, 0]);
    const stream = (bytes: number[]) => {
      let at = 0;
      return {
        readFull: async (n: number) => {
          if (at + n > bytes.length) throw new EOF(at < bytes.length);
          at += n;
          return Uint8Array.from(bytes.slice(at - n, at));
        },
      };
    };
    const m = await readMessage(stream([...f]));
    assert.ok(m && m.id === MSG.request && m.payload.length === 12);
    assert.equal(await readMessage(stream([0, 0, 0, 0])), null, 'length 0 is a keep-alive');
    await assert.rejects(readMessage(stream([0xff, 0xff, 0xff, 0xff])), /frame of 4294967295 bytes exceeds limit/, 'a 4 GiB length prefix is refused before anything is allocated');
    await assert.rejects(readMessage(stream([0, 4, 0, 1])), /frame of 262145 bytes exceeds limit/);
    assert.equal(MAX_FRAME, 262144);
    await assert.rejects(readMessage(stream([0, 0, 0, 5, 7])), /unexpected EOF/, 'a truncated frame');
  });

  it('reads bitfields from the high bit and checks their size and spare bits (TestBitfield)', () => {
    const bf = Uint8Array.from([0x40, 0x00]);
    assert.ok(bitHas(bf, 1) && !bitHas(bf, 0) && !bitHas(bf, 6) && !bitHas(bf, 16) && !bitHas(bf, -1), '0x40 means piece 1 and only piece 1');
    bitSet(bf, 15);
    assert.equal(bf[1], 0x01);
    assert.doesNotThrow(() => checkBitfield(Uint8Array.from([0xff, 0xc0]), 10));
    assert.throws(() => checkBitfield(Uint8Array.from([0xff, 0xe0]), 10), /past the last piece/);
    assert.throws(() => checkBitfield(Uint8Array.from([0xff]), 10), /bitfield of 1 bytes for 10 pieces/);
  });
});

describe('memnet: the in-memory network on a virtual clock', () => {
  it('delivers bytes after the latency, in order', async () => {
    const clock = new VirtualClock({ pace: 0 });
    const [a, bEnd] = pipe(clock, 30);
    a.write(Uint8Array.from([1, 2]));
    a.write(Uint8Array.from([3]));
    const got = await bEnd.readFull(3);
    assert.deepEqual([...got], [1, 2, 3]);
    assert.equal(clock.now(), 30);
  });

  it('fails a read at its deadline with "i/o timeout", and ends reads with EOF when the other side closes', async () => {
    const clock = new VirtualClock({ pace: 0 });
    const [a, bEnd] = pipe(clock, 10);
    a.setReadDeadline(clock.now() + 500);
    await assert.rejects(a.readFull(1), DeadlineExceeded);
    assert.equal(clock.now(), 500);
    a.setReadDeadline(undefined);
    bEnd.write(Uint8Array.from([9]));
    bEnd.close();
    assert.deepEqual([...(await a.readFull(1))], [9], 'bytes sent before the close still arrive');
    await assert.rejects(a.readFull(1), EOF);
    assert.throws(() => bEnd.write(Uint8Array.from([1])), ClosedPipe);
    await assert.rejects(bEnd.readFull(1), ClosedPipe);
  });

  it('channels hand values over in order and give cancellation the priority', async () => {
    const ch = new Channel<number>(2);
    await ch.send(1);
    await ch.send(2);
    const stop = new AbortController();
    const blocked = ch.send(3, stop.signal);
    assert.equal((await ch.recv()).value, 1);
    await blocked;
    stop.abort(new Error('cancelled'));
    await assert.rejects(ch.recv(stop.signal), /cancelled/);
    assert.equal((await ch.recv()).value, 2);
  });
});

// ── the download loop, against the Go tests' seeders ──

function testData(n: number): Uint8Array {
  const r = createRandom(1);
  return Uint8Array.from({ length: n }, () => r.int(0, 255));
}

interface SwarmRun {
  err?: Error;
  out: Uint8Array;
  took: number;
  events: Array<{ address: string; event: WorkerEvent }>;
  conns: Conn[];
  seeders: Map<string, Seeder>;
  deliveredBy: Map<number, string>;
}

async function runSwarm(
  data: Uint8Array,
  pieceLength: number,
  peers: Record<string, Partial<SeederOptions>>,
  options: { deadlines?: Deadlines; maxBacklog?: number; cancelAfter?: number } = {},
): Promise<SwarmRun> {
  const clock = new VirtualClock({ pace: 0 }); // fake time, as in a synctest bubble
  const { meta } = makeTorrent(data, pieceLength, 'test.bin', 'http://tracker.test/announce');
  const seeders = new Map(Object.entries(peers).map(([address, o]) => [address, new Seeder(address, { latencyMs: 0, blockMs: 0, ...o }, data, meta, clock)]));
  const conns: Conn[] = [];
  const events: SwarmRun['events'] = [];
  const d = new Downloader(meta, utf8('-GF0001-test00000000'), {
    clock,
    maxBacklog: options.maxBacklog ?? 5,
    deadlines: options.deadlines ?? GO_DEADLINES,
    dial: async (address) => {
      const seeder = seeders.get(address);
      if (!seeder) throw new Error(`dial ${address}: connection refused`);
      const [client, server] = pipe(clock, seeder.opts.latencyMs);
      conns.push(client);
      void seeder.serve(server);
      return client;
    },
    observe: (address, event) => events.push({ address, event }),
  });
  const out = new Uint8Array(data.length);
  const parent = new AbortController();
  if (options.cancelAfter !== undefined) void clock.sleep(options.cancelAfter).then(() => parent.abort(new Error('context deadline exceeded')));
  const deliveredBy = new Map<number, string>();
  let err: Error | undefined;
  try {
    await d.download(parent.signal, Object.keys(peers), { writeAt: (bytes, offset) => out.set(bytes, offset) }, (i, peer) => deliveredBy.set(i, peer));
  } catch (e) {
    err = e as Error;
  }
  return { err, out, took: clock.now(), events, conns, seeders, deliveredBy };
}

describe('download port: the download loop', () => {
  it('downloads byte for byte from a mixed swarm: corrupt, half the pieces, a choke mid-piece, silent, a 45 s unchoke (TestDownloadFromAMixedSwarm)', async () => {
    const data = testData(10 * 32768 + 1000); // 11 pieces, the last one short
    const run = await runSwarm(data, 32768, {
      '10.0.0.1:6881': { corrupt: true },
      '10.0.0.2:6881': { has: (i) => i % 2 === 0 },
      '10.0.0.3:6881': { chokeAfterBlocks: 3, chokeForMs: 5000 },
      '10.0.0.4:6881': { silent: true },
      '10.0.0.5:6881': { unchokeAfterMs: 45_000 },
    });
    assert.equal(run.err, undefined);
    assert.deepEqual(run.out, data);
    assert.ok(run.conns.every((c) => c.closed), 'download returns only after every connection is closed');
    assert.ok(run.events.some((e) => e.address === '10.0.0.1:6881' && e.event.kind === 'hash mismatch'), 'the corrupt piece was caught');
    assert.ok(![...run.deliveredBy.values()].includes('10.0.0.1:6881'), 'nothing was taken from the corrupt peer');
  });

  it('waits out a 45-second unchoke: BEP 3\'s optimistic unchoke rotates every 30 s (TestSlowUnchokeIsNotDropped)', async () => {
    const data = testData(3 * 16384);
    const run = await runSwarm(data, 16384, { '10.0.0.1:6881': { unchokeAfterMs: 45_000 } });
    assert.equal(run.err, undefined);
    assert.deepEqual(run.out, data);
    assert.ok(run.took >= 45_000, `took ${run.took} ms`);
  });

  it('fails with the missing pieces, after exactly the deadline that applies (TestDownloadFailsWhenPeersRunOut)', async () => {
    const cases: Array<[string, Partial<SeederOptions> | undefined, string, number]> = [
      ['half the pieces', { has: (i) => i < 2 }, '2 of 4 pieces missing', 0],
      ['corrupt', { corrupt: true }, '4 of 4 pieces missing', 0],
      ['silent', { silent: true }, '4 of 4 pieces missing', GO_DEADLINES.handshake],
      ['never unchokes', { unchokeAfterMs: 3_600_000 }, '4 of 4 pieces missing', GO_DEADLINES.unchoke],
      ['announces nothing', { noPieces: true }, '4 of 4 pieces missing', GO_DEADLINES.unchoke],
      ['no peers at all', undefined, '4 of 4 pieces missing', 0],
      ['choked for too long', { chokeAfterBlocks: 1, chokeForMs: 3_600_000 }, '3 of 4 pieces missing', GO_DEADLINES.unchoke],
    ];
    const data = testData(4 * 16384);
    for (const [name, seeder, want, took] of cases) {
      const run = await runSwarm(data, 16384, seeder ? { '10.0.0.1:6881': seeder } : {});
      assert.match(run.err?.message ?? 'no error', new RegExp(want), name);
      assert.equal(run.took, took, `${name}: gave up after ${run.took} ms`);
      assert.ok(run.conns.every((c) => c.closed), `${name}: connections closed`);
    }
  });

  it('cancelling stops a worker that is still waiting to be unchoked (TestCancelStopsWorkersWhileWaitingForUnchoke)', async () => {
    const data = testData(4 * 16384);
    const run = await runSwarm(data, 16384, { '10.0.0.1:6881': { unchokeAfterMs: 3_600_000 }, '10.0.0.2:6881': { silent: true } }, { cancelAfter: 2000 });
    assert.match(run.err?.message ?? '', /context deadline exceeded/);
    assert.equal(run.took, 2000);
    assert.ok(run.conns.every((c) => c.closed));
  });

  it('ignores duplicate blocks instead of completing a piece with a hole (TestDuplicateBlocksAreIgnored)', async () => {
    const data = testData(2 * 65536); // 4 blocks per piece
    const run = await runSwarm(data, 65536, { '10.0.0.1:6881': { twice: true } });
    assert.equal(run.err, undefined);
    assert.deepEqual(run.out, data);
    assert.ok(run.events.filter((e) => e.event.kind === 'ignored block').length >= 4);
  });

  it('drops a peer whose blocks match no request (TestMisalignedBlocksDropThePeer)', async () => {
    const data = testData(2 * 65536);
    const run = await runSwarm(data, 65536, { '10.0.0.1:6881': { misalign: true } });
    assert.match(run.err?.message ?? '', /2 of 2 pieces missing/);
  });

  it('keeps up to maxBacklog requests in flight, never more, in 16 KiB blocks', async () => {
    const data = testData(2 * 131072);
    for (const backlog of [1, 5]) {
      const run = await runSwarm(data, 131072, { '10.0.0.1:6881': { latencyMs: 20, blockMs: 5 } }, { maxBacklog: backlog });
      assert.equal(run.err, undefined);
      const inFlight = run.events.flatMap((e) => (e.event.kind === 'request' ? [e.event.inFlight] : []));
      assert.equal(Math.max(...inFlight), backlog);
      const begins = run.events.flatMap((e) => (e.event.kind === 'request' ? [e.event.begin] : []));
      assert.ok(begins.every((begin) => begin % BLOCK_SIZE === 0));
      assert.equal(begins.length, 16, '8 blocks per piece');
    }
    // Pipelining hides the round trip: 16 blocks at 5 ms plus one 40 ms round trip per piece,
    // against a round trip for every block.
    const piped = await runSwarm(data, 131072, { '10.0.0.1:6881': { latencyMs: 20, blockMs: 5 } }, { maxBacklog: 5 });
    const single = await runSwarm(data, 131072, { '10.0.0.1:6881': { latencyMs: 20, blockMs: 5 } }, { maxBacklog: 1 });
    assert.ok(single.took > 3 * (piped.took - 40), `one at a time took ${single.took} ms, pipelined ${piped.took} ms`);
  });

  it('gives a piece back when choked mid-piece and finishes it after the unchoke', async () => {
    const data = testData(2 * 65536);
    const run = await runSwarm(data, 65536, { '10.0.0.1:6881': { chokeAfterBlocks: 2, chokeForMs: 30_000, latencyMs: 10, blockMs: 5 } });
    assert.equal(run.err, undefined);
    assert.deepEqual(run.out, data);
    const kinds = run.events.map((e) => e.event.kind);
    assert.ok(kinds.indexOf('choked mid-piece') >= 0 && kinds.lastIndexOf('unchoke') > kinds.indexOf('choked mid-piece'));
    assert.ok(run.took >= 30_000, 'it waited for the unchoke');
  });

  it('drops a peer that cannot finish a piece within the piece deadline, and one that misses the message deadline', async () => {
    const data = testData(131072);
    // 8 blocks at 8 s each: every message within 20 s, but the piece takes 64 s of the 60 allowed.
    const trickle = await runSwarm(data, 131072, { '10.0.0.1:6881': { blockMs: 8_000 } });
    assert.match(trickle.err?.message ?? '', /1 of 1 pieces missing/);
    assert.ok(trickle.events.some((e) => e.event.kind === 'piece failed' && e.event.error === 'i/o timeout'));
    assert.equal(trickle.took, GO_DEADLINES.piece);
    // 25 s for one block: the message deadline ends it first.
    const stall = await runSwarm(data, 131072, { '10.0.0.1:6881': { blockMs: 25_000 } });
    assert.equal(stall.took, GO_DEADLINES.message);
    // The same swarm with a second, honest peer still completes.
    const rescued = await runSwarm(data, 131072, { '10.0.0.1:6881': { blockMs: 8_000 }, '10.0.0.2:6881': { blockMs: 1_000, unchokeAfterMs: 100 } });
    assert.equal(rescued.err, undefined);
    assert.deepEqual(rescued.out, data);
  });

  it('sends "interested" only to a peer that has announced a piece (BEP 3)', async () => {
    const data = testData(4 * 16384);
    const run = await runSwarm(data, 16384, { '10.0.0.1:6881': { noPieces: true } }, { deadlines: { ...GO_DEADLINES, unchoke: 1000 } });
    assert.ok(!run.events.some((e) => e.event.kind === 'interested'));
    const ok = await runSwarm(data, 16384, { '10.0.0.1:6881': {} });
    assert.equal(ok.events.filter((e) => e.event.kind === 'interested').length, 1);
  });
});
