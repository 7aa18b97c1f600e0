package zorder

// Interleave builds a Z-address from any number of attributes, each already
// encoded as an unsigned integer of width bits. Bits are taken from the most
// significant end, cycling through the attributes in order, so vals[0] owns
// the top bit of the result. The result is (len(vals)*width+7)/8 bytes,
// big-endian, with any unused bits of the last byte left at zero.
func Interleave(width int, vals ...uint64) []byte {
	out := make([]byte, (len(vals)*width+7)/8)
	pos := 0 // next bit to write, counting from the left
	for b := width - 1; b >= 0; b-- {
		for _, v := range vals {
			if v>>uint(b)&1 == 1 {
				out[pos/8] |= 0x80 >> uint(pos%8)
			}
			pos++
		}
	}
	return out
}

// spread moves bit k of v to bit 2k, leaving a zero between neighbours.
func spread(v uint32) uint64 {
	x := uint64(v)
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = (x | x<<2) & 0x3333333333333333
	x = (x | x<<1) & 0x5555555555555555
	return x
}

// squeeze is the inverse of spread: it keeps the even bits and packs them.
func squeeze(x uint64) uint32 {
	x &= 0x5555555555555555
	x = (x | x>>1) & 0x3333333333333333
	x = (x | x>>2) & 0x0F0F0F0F0F0F0F0F
	x = (x | x>>4) & 0x00FF00FF00FF00FF
	x = (x | x>>8) & 0x0000FFFF0000FFFF
	x = (x | x>>16) & 0x00000000FFFFFFFF
	return uint32(x)
}

// Encode interleaves two 32-bit attributes into a Morton code. y takes the
// odd bit positions, so y's most significant bit is the code's most
// significant bit: Encode(x, y) has the bits of Interleave(32, y, x).
func Encode(x, y uint32) uint64 { return spread(x) | spread(y)<<1 }

// Decode splits a Morton code made by Encode back into x and y.
func Decode(z uint64) (x, y uint32) { return squeeze(z), squeeze(z >> 1) }
