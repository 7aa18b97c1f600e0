package zorder_test

import (
	"fmt"
	"time"

	"gofieldguide/content/go/zorder"
)

// Part 1's weather readings indexed on three attributes: time in minutes
// since 2016-01-01 UTC, latitude and longitude, 21 bits each.
func Example_weather() {
	c, err := zorder.NewCurve(3, 21)
	if err != nil {
		panic(err)
	}
	epoch := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	addr := func(t time.Time, lat, lon float64) uint64 {
		return c.Encode(
			uint64(t.Sub(epoch)/time.Minute),    // 2^21 minutes is about 4 years
			zorder.Quantize(lat, -90, 90, 21),   // steps of about 9.5 m
			zorder.Quantize(lon, -180, 180, 21), // about 19 m at the equator
		)
	}
	// 20:00 to 22:00 UTC on 26 July 2016, over midtown Manhattan.
	day := time.Date(2016, 7, 26, 0, 0, 0, 0, time.UTC)
	lo := addr(day.Add(20*time.Hour), 40.70, -74.02)
	hi := addr(day.Add(22*time.Hour), 40.80, -73.93)

	// Two rows of Part 1's sample table, both at 2016-07-26 21:00 UTC.
	at := time.Unix(1469566800, 0)
	fmt.Println(c.InBox(addr(at, 40.749207, -73.985174), lo, hi))  // New York
	fmt.Println(c.InBox(addr(at, 47.617326, -122.330787), lo, hi)) // Seattle
	// Output:
	// true
	// false
}
