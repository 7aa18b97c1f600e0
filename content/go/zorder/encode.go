package zorder

import "math"

// OrderedInt64 maps a signed integer to an unsigned one with the same
// order: flipping the sign bit moves negatives below positives.
func OrderedInt64(v int64) uint64 { return uint64(v) ^ 1<<63 }

// OrderedFloat64 maps a float64 (not NaN) to a uint64 with the same order.
// Positive numbers get their sign bit set; negative numbers have every bit
// flipped, which also reverses their order so that -2 sorts below -1.
// -0 and +0 map to adjacent values, -0 first.
func OrderedFloat64(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// Quantize maps v in [min, max] onto 0 .. 1<<bits - 1 in equal steps,
// clamping values outside the range. It never reverses order, but values
// closer together than one step share a cell, so a reader must recheck the
// exact attribute for items in the cells along a query box's edge.
func Quantize(v, min, max float64, bits int) uint64 {
	top := uint64(1)<<uint(bits) - 1
	if !(v > min) { // also catches NaN
		return 0
	}
	if v >= max {
		return top
	}
	q := uint64(math.Floor((v - min) / (max - min) * float64(top+1)))
	if q > top {
		q = top
	}
	return q
}
