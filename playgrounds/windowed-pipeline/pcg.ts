/**
 * pcg.ts: Go's math/rand/v2 PCG source and the Rand methods the stream uses (IntN, Int64N),
 * ported from src/math/rand/v2/pcg.go and rand.go (Go 1.27.3), so that the demo replays the
 * exact stream of content/go/grabwindow's tests: rand.New(rand.NewPCG(seed, 42)).
 *
 * PCG here is a 128-bit linear congruential generator, state = state * mul + inc (mod 2^128),
 * with the DXSM output function ("double xorshift multiply"). IntN(n) maps a 64-bit value to
 * [0, n) with Lemire's multiply-and-shift, rejecting the few values that would bias it. The
 * arithmetic is done in BigInt, masked to 64 or 128 bits, which is what Go's uint64 does.
 * The unit tests check the outputs against values printed by Go.
 */

const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;
const MUL = (2549297995355413924n << 64n) | 4865540595714422341n;
const INC = (6364136223846793005n << 64n) | 1442695040888963407n;
const CHEAP_MUL = 0xda942042e4dd58b5n;

/** rand.NewPCG(seed1, seed2). */
export class PCG {
  private hi: bigint;
  private lo: bigint;

  constructor(seed1: number | bigint, seed2: number | bigint) {
    this.hi = BigInt(seed1) & M64;
    this.lo = BigInt(seed2) & M64;
  }

  private next(): void {
    const state = (((this.hi << 64n) | this.lo) * MUL + INC) & M128;
    this.hi = state >> 64n;
    this.lo = state & M64;
  }

  /** A uniformly distributed 64-bit value. */
  uint64(): bigint {
    this.next();
    let hi = this.hi;
    hi ^= hi >> 32n;
    hi = (hi * CHEAP_MUL) & M64;
    hi ^= hi >> 48n;
    hi = (hi * (this.lo | 1n)) & M64;
    return hi;
  }
}

/** rand.New(src), with the methods the grabwindow stream calls. */
export class Rand {
  constructor(private readonly src: PCG) {}

  /** A value in [0, n): Rand.uint64n on a 64-bit machine. */
  private uint64n(n: bigint): bigint {
    if ((n & (n - 1n)) === 0n) return this.src.uint64() & (n - 1n); // a power of two: mask
    let product = this.src.uint64() * n; // bits.Mul64: hi is product >> 64, lo is the low 64 bits
    let lo = product & M64;
    if (lo < n) {
      const thresh = ((1n << 64n) - n) % n; // -n % n in uint64
      while (lo < thresh) {
        product = this.src.uint64() * n;
        lo = product & M64;
      }
    }
    return product >> 64n;
  }

  /** IntN returns a pseudo-random number in [0, n); n must be positive. */
  intN(n: number): number {
    if (!(n > 0) || !Number.isSafeInteger(n)) throw new Error('invalid argument to IntN');
    return Number(this.uint64n(BigInt(n)));
  }

  /** Int64N, the same for an int64 bound. */
  int64N(n: number): number {
    if (!(n > 0) || !Number.isSafeInteger(n)) throw new Error('invalid argument to Int64N');
    return Number(this.uint64n(BigInt(n)));
  }
}
