package zorder

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestEncodeMatchesInterleave(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	c, _ := NewCurve(2, 32)
	for range 100_000 {
		x, y := r.Uint32(), r.Uint32()
		z := Encode(x, y)
		want := Interleave(32, uint64(y), uint64(x))
		if got := binary.BigEndian.AppendUint64(nil, z); !bytes.Equal(got, want) {
			t.Fatalf("Encode(%d, %d) = %x, Interleave = %x", x, y, got, want)
		}
		if gx, gy := Decode(z); gx != x || gy != y {
			t.Fatalf("Decode(Encode(%d, %d)) = %d, %d", x, y, gx, gy)
		}
		if cz := c.Encode(uint64(y), uint64(x)); cz != z {
			t.Fatalf("Curve(2,32).Encode(y, x) = %x, Encode(x, y) = %x", cz, z)
		}
	}
}

func TestCurveEncodeDecode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, shape := range [][2]int{{1, 64}, {2, 16}, {3, 21}, {4, 16}, {5, 12}, {8, 8}} {
		c, err := NewCurve(shape[0], shape[1])
		if err != nil {
			t.Fatal(err)
		}
		for range 2000 {
			vals := make([]uint64, shape[0])
			for d := range vals {
				vals[d] = r.Uint64() >> uint(64-shape[1])
			}
			z := c.Encode(vals...)
			if got := c.Decode(z); !slices.Equal(got, vals) {
				t.Fatalf("%v: Decode(Encode(%v)) = %v", shape, vals, got)
			}
			// Interleave writes the same bits, left-aligned in whole bytes.
			total := shape[0] * shape[1]
			b := Interleave(shape[1], vals...)
			var left uint64
			for _, x := range b {
				left = left<<8 | uint64(x)
			}
			left >>= uint(8*len(b) - total)
			if left != z {
				t.Fatalf("%v: Interleave %x, Encode %x", shape, left, z)
			}
		}
	}
	if _, err := NewCurve(3, 22); err == nil {
		t.Fatal("NewCurve(3, 22) should not fit in 64 bits")
	}
}

// The figure's example: x interleaved second, y first, three bits each.
func TestFigureAddresses(t *testing.T) {
	c, _ := NewCurve(2, 3)
	if got := c.Encode(2, 2); got != 12 {
		t.Errorf("z(2,2) = %d, want 12", got)
	}
	if got := c.Encode(5, 5); got != 51 {
		t.Errorf("z(5,5) = %d, want 51", got)
	}
	var in []uint64
	for z := uint64(12); z <= 51; z++ {
		if c.InBox(z, 12, 51) {
			in = append(in, z)
		}
	}
	want := []uint64{12, 13, 14, 15, 24, 25, 26, 27, 36, 37, 38, 39, 48, 49, 50, 51}
	if !slices.Equal(in, want) {
		t.Errorf("in-box cells %v, want %v", in, want)
	}
	if next, ok := c.BigMin(16, 12, 51); !ok || next != 24 {
		t.Errorf("BigMin(16) = %d, %v; want 24", next, ok)
	}
	if prev, ok := c.LitMax(16, 12, 51); !ok || prev != 15 {
		t.Errorf("LitMax(16) = %d, %v; want 15", prev, ok)
	}
}

// brute-force BIGMIN and LITMAX on every box and every address.
func checkAllBoxes(t *testing.T, c *Curve, side uint64) {
	t.Helper()
	dims := c.dims
	total := uint64(1) << uint(dims*c.bits)
	cases := 0
	var corner func(d int, lo, hi []uint64)
	corner = func(d int, lo, hi []uint64) {
		if d == dims {
			zlo, zhi := c.Encode(lo...), c.Encode(hi...)
			inBox := func(z uint64) bool {
				v := c.Decode(z)
				for i := range v {
					if v[i] < lo[i] || v[i] > hi[i] {
						return false
					}
				}
				return true
			}
			// nextIn[z] is the smallest in-box address >= z (total if none).
			nextIn := make([]uint64, total+1)
			nextIn[total] = total
			for z := total; z > 0; z-- {
				if inBox(z - 1) {
					nextIn[z-1] = z - 1
				} else {
					nextIn[z-1] = nextIn[z]
				}
			}
			prevIn := uint64(math.MaxUint64) // largest in-box address <= z
			for z := uint64(0); z < total; z++ {
				if inBox(z) {
					prevIn = z
				}
				if got := c.InBox(z, zlo, zhi); got != inBox(z) {
					t.Fatalf("InBox(%d) box %v-%v = %v", z, lo, hi, got)
				}
				next, ok := c.BigMin(z, zlo, zhi)
				if want := nextIn[z]; ok != (want < total) || ok && next != want {
					t.Fatalf("BigMin(%d) box %v-%v = %d, %v; want %d", z, lo, hi, next, ok, want)
				}
				prev, ok := c.LitMax(z, zlo, zhi)
				if ok != (prevIn != math.MaxUint64) || ok && prev != prevIn {
					t.Fatalf("LitMax(%d) box %v-%v = %d, %v; want %d", z, lo, hi, prev, ok, prevIn)
				}
				cases++
			}
			return
		}
		for a := uint64(0); a < side; a++ {
			for b := a; b < side; b++ {
				corner(d+1, append(slices.Clone(lo), a), append(slices.Clone(hi), b))
			}
		}
	}
	corner(0, nil, nil)
	t.Logf("%d attributes, %d bits: %d (box, address) cases", dims, c.bits, cases)
}

func TestBigMinLitMaxBruteForce2D(t *testing.T) {
	c, _ := NewCurve(2, 4) // every box in a 16 x 16 grid
	checkAllBoxes(t, c, 16)
}

func TestBigMinLitMaxBruteForce3D(t *testing.T) {
	c, _ := NewCurve(3, 2) // every box in a 4 x 4 x 4 grid
	checkAllBoxes(t, c, 4)
}

func TestBigMinRandomLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	c, _ := NewCurve(3, 21)
	for range 20_000 {
		lo, hi := make([]uint64, 3), make([]uint64, 3)
		for d := range lo {
			a, b := r.Uint64N(1<<21), r.Uint64N(1<<21)
			lo[d], hi[d] = min(a, b), max(a, b)
		}
		zlo, zhi := c.Encode(lo...), c.Encode(hi...)
		z := zlo + r.Uint64N(zhi-zlo+1)
		next, ok := c.BigMin(z, zlo, zhi)
		if !ok || next < z || !c.InBox(next, zlo, zhi) {
			t.Fatalf("BigMin(%d) = %d, %v", z, next, ok)
		}
		// Nothing in the box lies strictly between z and next: check by
		// asking LitMax from just below next.
		if next > z {
			if prev, ok := c.LitMax(next-1, zlo, zhi); ok && prev >= z {
				t.Fatalf("BigMin(%d) = %d skipped in-box %d", z, next, prev)
			}
		}
	}
}
