package zorder

import "fmt"

// Curve is a Z-order curve over dims attributes of bits bits each, packed
// into the low dims*bits bits of a uint64. Attribute 0 owns the most
// significant bit, as in Interleave.
type Curve struct {
	dims, bits int
	masks      []uint64   // masks[d]: every bit position owned by attribute d
	below      [64]uint64 // below[i]: the positions under i owned by i's attribute
}

// NewCurve returns the curve for dims attributes of bits bits each.
func NewCurve(dims, bits int) (*Curve, error) {
	if dims < 1 || bits < 1 || dims*bits > 64 {
		return nil, fmt.Errorf("zorder: %d attributes of %d bits do not fit in 64 bits", dims, bits)
	}
	c := &Curve{dims: dims, bits: bits, masks: make([]uint64, dims)}
	for i := 0; i < dims*bits; i++ {
		d := dims - 1 - i%dims  // bit i belongs to attribute d
		c.below[i] = c.masks[d] // positions of d already seen are all below i
		c.masks[d] |= 1 << uint(i)
	}
	return c, nil
}

// Encode interleaves one value per attribute, in attribute order. Each value
// must be below 1<<bits.
func (c *Curve) Encode(vals ...uint64) uint64 {
	if len(vals) != c.dims {
		panic(fmt.Sprintf("zorder: Encode got %d values for %d attributes", len(vals), c.dims))
	}
	var z uint64
	for b := c.bits - 1; b >= 0; b-- {
		for _, v := range vals {
			z = z<<1 | v>>uint(b)&1
		}
	}
	return z
}

// Decode splits a Z-address back into one value per attribute.
func (c *Curve) Decode(z uint64) []uint64 {
	vals := make([]uint64, c.dims)
	for i := c.dims*c.bits - 1; i >= 0; i-- {
		d := c.dims - 1 - i%c.dims
		vals[d] = vals[d]<<1 | z>>uint(i)&1
	}
	return vals
}

// InBox reports whether z lies inside the box whose lowest and highest
// corners have the addresses lo and hi. Masking keeps one attribute's bits in
// their relative order, so each attribute compares without decoding.
func (c *Curve) InBox(z, lo, hi uint64) bool {
	for _, m := range c.masks {
		if v := z & m; v < lo&m || v > hi&m {
			return false
		}
	}
	return true
}

// load1000 sets bit i and clears the lower bits of the same attribute: the
// smallest address in the upper half of the box along that attribute.
func (c *Curve) load1000(v uint64, i int) uint64 { return v&^c.below[i] | 1<<uint(i) }

// load0111 clears bit i and sets the lower bits of the same attribute: the
// largest address in the lower half of the box along that attribute.
func (c *Curve) load0111(v uint64, i int) uint64 { return v&^(1<<uint(i)) | c.below[i] }

// BigMin returns the smallest address at or above z that lies inside the box
// [lo, hi]; if z is inside the box, that is z itself. ok is false when every
// in-box address is below z.
func (c *Curve) BigMin(z, lo, hi uint64) (next uint64, ok bool) {
	for i := c.dims*c.bits - 1; i >= 0; i-- {
		bit := uint64(1) << uint(i)
		zb, lb, hb := z&bit != 0, lo&bit != 0, hi&bit != 0
		switch {
		case !zb && !lb && hb: // 0 0 1: the box splits; z is in the lower half
			next, ok = c.load1000(lo, i), true // best answer if the lower half fails
			hi = c.load0111(hi, i)
		case !zb && lb: // 0 1 1: the whole remaining box lies above z
			return lo, true
		case zb && !hb: // 1 0 0: the whole remaining box lies below z
			return next, ok
		case zb && !lb: // 1 0 1: the box splits; z is in the upper half
			lo = c.load1000(lo, i)
		}
		// 0 0 0 and 1 1 1: z agrees with both corners here; go on.
	}
	return z, true // z agreed with the box on every bit: it is inside
}

// LitMax is BigMin's mirror image: the largest address at or below z that
// lies inside the box [lo, hi]. ok is false when every in-box address is
// above z.
func (c *Curve) LitMax(z, lo, hi uint64) (prev uint64, ok bool) {
	for i := c.dims*c.bits - 1; i >= 0; i-- {
		bit := uint64(1) << uint(i)
		zb, lb, hb := z&bit != 0, lo&bit != 0, hi&bit != 0
		switch {
		case !zb && !lb && hb: // 0 0 1: z is in the lower half
			hi = c.load0111(hi, i)
		case !zb && lb: // 0 1 1: the whole remaining box lies above z
			return prev, ok
		case zb && !hb: // 1 0 0: the whole remaining box lies below z
			return hi, true
		case zb && !lb: // 1 0 1: z is in the upper half
			prev, ok = c.load0111(hi, i), true // best answer if the upper half fails
			lo = c.load1000(lo, i)
		}
	}
	return z, true
}
