// athena-pruning: what one Athena query over CloudFront logs scans, and costs, in four layouts.
//
// The Go program that main.ts mirrors. It generates CloudFront standard log lines (the 33
// fields of the standard log file format) from the same seeded mulberry32 source as main.ts,
// measures with a real deflate (compress/gzip) how well they compress as text and, column by
// column, as Parquet would store them, and then prices one date-range query over a year of
// log files: with no partitions, with Hive partitions registered by MSCK REPAIR TABLE, with
// partition projection, and as Parquet reading two columns.
//
// Every number that decides a milestone is computed the way main.ts computes it: the gzip
// ratio and the Parquet bytes per row are the model's constants (gzipPPM, parquetMilliBytes),
// which this program measured and prints next to its fresh measurement; main_test.go checks
// that the constants still match what compress/gzip measures.
//
// To run it: go run ./playgrounds/athena-pruning (from the repository root).
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"gofieldguide/playgrounds/_shared/gfgtrace"
)

// Try changing these.
const (
	seed           = 1
	days           = 365       // days of history, the last one today (partial)
	requestsPerDay = 3_300_000 // on an average weekday: about 120 GB of gzip logs a year
	filesPerHourLo = 2         // CloudFront writes several files per hour
	filesPerHourHi = 6         //
	queryDays      = 7         // the query asks for the last 7 days, today included
	queryAtHour    = 9         // it runs at 09:00 UTC: today has files for hours 0-8
	sampleLines    = 2000      // generated lines that set the mean line length
	decimalUnits   = false     // true: MB = 10^6 and TB = 10^12 bytes; false: 2^20 and 2^40
	usdPerTB       = 5         // on-demand price in us-east-1
	animation      = 30        // the illustrative query times play this many times faster
)

// The illustrative time model: not a measurement. Fixed costs that do not shrink with the
// bytes (planning, one catalogue entry per partition, opening each file) next to a scan rate
// chosen so that the original post's 120 GB full scan takes about its 65 seconds.
const (
	planMs                = 300
	catalogUsPerPartition = 500       // one partition's metadata from the Glue Data Catalog
	openMsPerFile         = 12        // first byte of an S3 object
	parallelReaders       = 64        // files opened at once
	scanBytesPerMs        = 2_200_000 // 2.2 GB/s
)

// The model's constants, shared with cloudfront.ts: what measure finds, the mean over the
// samples of seeds 1 to 8 (main_test.go checks other seeds against them).
const gzipPPM = 239_707

var parquetMilliBytes = map[string]int64{
	"date": 52, "time": 3_839, "x-edge-location": 1_374, "sc-bytes": 3_361,
	"c-ip": 7_741, "cs-method": 148, "cs(Host)": 133, "cs-uri-stem": 6_219,
	"sc-status": 341, "cs(Referer)": 2_951, "cs(User-Agent)": 2_432, "cs-uri-query": 1_246,
	"cs(Cookie)": 27, "x-edge-result-type": 656, "x-edge-request-id": 42_496, "x-host-header": 74,
	"cs-protocol": 146, "cs-bytes": 1_965, "time-taken": 1_831, "x-forwarded-for": 27,
	"ssl-protocol": 492, "ssl-cipher": 249, "x-edge-response-result-type": 656, "cs-protocol-version": 639,
	"fle-status": 27, "fle-encrypted-fields": 27, "c-port": 3_095, "time-to-first-byte": 1_696,
	"x-edge-detailed-result-type": 656, "sc-content-type": 994, "sc-content-len": 3_162, "sc-range-start": 27,
	"sc-range-end": 27,
}

// fields are the 33 fields of a CloudFront standard log line, in order.
var fields = []string{
	"date", "time", "x-edge-location", "sc-bytes", "c-ip", "cs-method", "cs(Host)", "cs-uri-stem", "sc-status",
	"cs(Referer)", "cs(User-Agent)", "cs-uri-query", "cs(Cookie)", "x-edge-result-type", "x-edge-request-id",
	"x-host-header", "cs-protocol", "cs-bytes", "time-taken", "x-forwarded-for", "ssl-protocol", "ssl-cipher",
	"x-edge-response-result-type", "cs-protocol-version", "fle-status", "fle-encrypted-fields", "c-port",
	"time-to-first-byte", "x-edge-detailed-result-type", "sc-content-type", "sc-content-len", "sc-range-start",
	"sc-range-end",
}

var header = "#Version: 1.0\n#Fields: " + strings.Join(fields, " ") + "\n"

// random is mulberry32, the same sequence as _shared/random.ts.
type random struct{ state uint32 }

func (r *random) next() float64 {
	r.state += 0x6d2b79f5
	t := r.state
	t = (t ^ (t >> 15)) * (t | 1)
	t ^= t + (t^(t>>7))*(t|61)
	return float64(t^(t>>14)) / 4294967296
}

func (r *random) intn(min, max int) int      { return min + int(r.next()*float64(max-min+1)) }
func (r *random) chance(p float64) bool      { return r.next() < p }
func (r *random) pick(items []string) string { return items[int(r.next()*float64(len(items)))] }
func (r *random) weighted(weights []int) int {
	return weightedIndex(r.intn(0, sum(weights)-1), weights)
}
func (r *random) chars(alphabet string, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(alphabet[r.intn(0, len(alphabet)-1)])
	}
	return b.String()
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func weightedIndex(roll int, weights []int) int {
	for i, w := range weights {
		if roll < w {
			return i
		}
		roll -= w
	}
	return len(weights) - 1
}

var (
	edges      = []string{"IAD89-C1", "IAD12-P2", "JFK50-C1", "ORD58-P3", "DFW56-P1", "SFO53-C2", "LHR61-C2", "FRA56-P5", "NRT57-C1", "SIN2-C1", "GRU3-C1", "SYD1-C2"}
	userAgents = []string{
		"Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Safari/537.36",
		"Mozilla/5.0%20(Macintosh;%20Intel%20Mac%20OS%20X%2010_15_7)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/18.1%20Safari/605.1.15",
		"Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2018_1%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/18.1%20Mobile/15E148%20Safari/604.1",
		"Mozilla/5.0%20(Linux;%20Android%2014;%20Pixel%208)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Mobile%20Safari/537.36",
		"Mozilla/5.0%20(X11;%20Ubuntu;%20Linux%20x86_64;%20rv:133.0)%20Gecko/20100101%20Firefox/133.0",
		"Mozilla/5.0%20(compatible;%20Googlebot/2.1;%20+http://www.google.com/bot.html)",
		"Mozilla/5.0%20(Linux;%20Android%206.0.1;%20Nexus%205X%20Build/MMB29P)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Mobile%20Safari/537.36%20(compatible;%20Googlebot/2.1;%20+http://www.google.com/bot.html)",
		"Mozilla/5.0%20(compatible;%20bingbot/2.0;%20+http://www.bing.com/bingbot.htm)",
		"curl/8.5.0",
	}
	uaWeights = []int{30, 14, 20, 12, 6, 5, 3, 3, 7}
)

const (
	b64     = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	hex     = "0123456789abcdef"
	letters = "abcdefghijklmnopqrstuvwxyz"
)

func seconds(ms int) string { return fmt.Sprintf("%d.%03d", ms/1000, ms%1000) }

// generateLine returns one log line's 33 values, drawing in the same order as cloudfront.ts.
func generateLine(rng *random, date string, hour int) []string {
	clock := fmt.Sprintf("%02d:%02d:", hour, rng.intn(0, 59))
	clock += fmt.Sprintf("%02d", rng.intn(0, 59))
	edge := rng.pick(edges)
	kind := rng.weighted([]int{40, 25, 25, 10}) // page, static asset, image, API
	var uri, contentType string
	query := "-"
	var size int
	switch kind {
	case 0:
		if rng.chance(0.7) {
			uri = fmt.Sprintf("/listing/%d", rng.intn(100000, 999999))
		} else {
			uri = "/agent/" + rng.chars(letters, rng.intn(5, 12))
		}
		if rng.chance(0.2) {
			query = fmt.Sprintf("page=%d", rng.intn(2, 40))
		}
		contentType, size = "text/html", rng.intn(12000, 90000)
	case 1:
		uri = "/static/app." + rng.chars(hex, 8)
		if rng.chance(0.6) {
			uri, contentType = uri+".js", "application/javascript"
		} else {
			uri, contentType = uri+".css", "text/css"
		}
		size = rng.intn(3000, 250000)
	case 2:
		uri = fmt.Sprintf("/images/%d", rng.intn(100000, 999999))
		uri += "-" + rng.pick([]string{"sm", "md", "lg"}) + ".jpg"
		contentType, size = "image/jpeg", rng.intn(8000, 600000)
	default:
		uri = "/api/search"
		query = "q=" + rng.chars(letters, rng.intn(3, 10))
		query += fmt.Sprintf("&page=%d", rng.intn(1, 5))
		contentType, size = "application/json", rng.intn(500, 20000)
	}
	status := 503
	switch roll := rng.intn(0, 99); {
	case roll < 85:
		status = 200
	case roll < 93:
		status = 304
	case roll < 95:
		status = 301
	case roll < 99:
		status = 404
	}
	if status != 200 {
		size = rng.intn(200, 900)
	}
	var ip string
	if rng.chance(0.85) {
		a := rng.intn(1, 223)
		b := rng.intn(0, 255)
		c := rng.intn(0, 255)
		ip = fmt.Sprintf("%d.%d.%d.%d", a, b, c, rng.intn(1, 254))
	} else {
		a := rng.chars(hex, 4)
		b := rng.chars(hex, 4)
		ip = "2001:db8:" + a + ":" + b + "::" + rng.chars(hex, 3)
	}
	method := "GET"
	if kind == 3 && rng.chance(0.2) {
		method = "POST"
	} else if rng.chance(0.02) {
		method = "HEAD"
	}
	referrer := "-"
	if !rng.chance(0.4) {
		referrer = fmt.Sprintf("https://www.example.com/listing/%d", rng.intn(100000, 999999))
	}
	userAgent := userAgents[rng.weighted(uaWeights)]
	result := "Miss"
	switch {
	case status >= 500:
		result = "Error"
	case kind != 3:
		result = rng.pick([]string{"Hit", "Hit", "Hit", "Miss", "RefreshHit"})
	}
	requestID := rng.chars(b64, 54) + "=="
	https := rng.chance(0.96)
	maxTaken := 250
	if kind == 3 {
		maxTaken = 900
	}
	takenMs := rng.intn(1, maxTaken)
	firstByteMs := rng.intn(1, takenMs)
	csBytes := strconv.Itoa(rng.intn(180, 900))
	protocol, sslProtocol, sslCipher := "http", "-", "-"
	if https {
		protocol, sslCipher = "https", "TLS_AES_128_GCM_SHA256"
		sslProtocol = rng.pick([]string{"TLSv1.3", "TLSv1.3", "TLSv1.2"})
	}
	version := rng.pick([]string{"HTTP/2.0", "HTTP/2.0", "HTTP/1.1", "HTTP/3.0"})
	port := strconv.Itoa(rng.intn(1024, 65535))
	contentLen := "-"
	if status == 200 {
		contentLen = strconv.Itoa(size - rng.intn(200, 400))
	}
	return []string{
		date, clock, edge, strconv.Itoa(size), ip, method, "d111111abcdef8.cloudfront.net", uri, strconv.Itoa(status),
		referrer, userAgent, query, "-", result, requestID,
		"www.example.com", protocol, csBytes, seconds(takenMs), "-",
		sslProtocol, sslCipher,
		result, version, "-", "-", port,
		seconds(firstByteMs), result, contentType, contentLen, "-", "-",
	}
}

type sample struct {
	lines      [][]string
	textBytes  int64
	fieldBytes []int64
}

func generateSample(rng *random, date string, n int) sample {
	s := sample{fieldBytes: make([]int64, len(fields))}
	for i := range n {
		line := generateLine(rng, date, i%24)
		s.lines = append(s.lines, line)
		for f, v := range line {
			s.fieldBytes[f] += int64(len(v))
			s.textBytes += int64(len(v))
		}
		s.textBytes += int64(len(fields)) // 32 tabs and a newline
	}
	return s
}

func gzipSize(data []byte) int64 {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return int64(buf.Len())
}

// measure compresses the sample with compress/gzip: as a log file (header and lines), and each
// field's values PLAIN-encoded as a Parquet column chunk (4-byte little-endian length, bytes).
func measure(s sample) (ppm int64, milliBytesPerRow []int64) {
	var text bytes.Buffer
	text.WriteString(header)
	for _, line := range s.lines {
		text.WriteString(strings.Join(line, "\t"))
		text.WriteByte('\n')
	}
	ppm = gzipSize(text.Bytes()) * 1_000_000 / int64(text.Len())
	for f := range fields {
		var col bytes.Buffer
		for _, line := range s.lines {
			col.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(line[f]))))
			col.WriteString(line[f])
		}
		milliBytesPerRow = append(milliBytesPerRow, gzipSize(col.Bytes())*1000/int64(len(s.lines)))
	}
	return ppm, milliBytesPerRow
}

// logFile is one delivered log file: its partition, its hour, its requests and its sizes.
type logFile struct {
	day, hour    int
	requests     int64
	textBytes    int64
	gzipBytes    int64
	parquetBytes []int64 // each field's column chunk, were the file written as Parquet
}

var (
	hourWeights = []int64{3, 3, 3, 2, 2, 2, 2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6, 5, 5, 5, 4, 3, 3} // percent of a day's requests
	weekdayPct  = []int64{104, 104, 103, 102, 100, 92, 95}                                        // Monday first
)

func sizeFile(day, hour int, requests int64, s sample) logFile {
	f := logFile{day: day, hour: hour, requests: requests}
	f.textBytes = int64(len(header)) + requests*s.textBytes/int64(len(s.lines))
	f.gzipBytes = f.textBytes * gzipPPM / 1_000_000
	for _, name := range fields {
		f.parquetBytes = append(f.parquetBytes, requests*parquetMilliBytes[name]/1000)
	}
	return f
}

// generateFiles draws, per hour, the noise and then the file count, as cloudfront.ts does.
func generateFiles(rng *random, s sample, firstWeekday int) []logFile {
	var files []logFile
	var weightSum int64
	for _, w := range hourWeights {
		weightSum += w
	}
	for day := range days {
		dayPct := weekdayPct[(firstWeekday+day)%7]
		hours := 24
		if day == days-1 {
			hours = queryAtHour
		}
		for hour := range hours {
			noise := int64(rng.intn(-10, 10))
			requests := requestsPerDay * dayPct * hourWeights[hour] * (100 + noise) / (100 * weightSum * 100)
			n := int64(rng.intn(filesPerHourLo, filesPerHourHi))
			for i := range n {
				r := requests / n
				if i < requests%n {
					r++
				}
				files = append(files, sizeFile(day, hour, r, s))
			}
		}
	}
	return files
}

type query struct {
	fromDay, toDay int
	hour           int // -1: every hour
	fields         []string
}

type scanResult struct {
	layout            string
	catalogPartitions int
	partitionsRead    int
	files             []logFile
	bytes             int64
	requestsCovered   int64
	requestsInRange   int64
}

func fieldIndex(name string) int {
	for i, f := range fields {
		if f == name {
			return i
		}
	}
	panic("no field " + name)
}

func (q query) bytesOf(layout string, f logFile) int64 {
	if layout != "Parquet" {
		return f.gzipBytes
	}
	var b int64
	for _, name := range q.fields {
		b += f.parquetBytes[fieldIndex(name)]
	}
	return b
}

// scan is what the query reads in one layout (see scan in cloudfront.ts).
func scan(layout string, files []logFile, q query) scanResult {
	inRange := func(f logFile) bool {
		return f.day >= q.fromDay && f.day <= q.toDay && (q.hour < 0 || f.hour == q.hour)
	}
	r := scanResult{layout: layout}
	hoursInRange, daysInRange, daysRead := map[[2]int]bool{}, map[int]bool{}, map[int]bool{}
	for _, f := range files {
		if inRange(f) {
			r.requestsInRange += f.requests
			hoursInRange[[2]int{f.day, f.hour}] = true
			daysInRange[f.day] = true
		}
		read := false
		switch layout {
		case "no partitions":
			read = true
		case "Hive, registered":
			read = inRange(f) && f.day < days-1
		default: // projection, Parquet
			read = inRange(f)
		}
		if read {
			r.files = append(r.files, f)
			r.bytes += q.bytesOf(layout, f)
			daysRead[f.day] = true
			if inRange(f) {
				r.requestsCovered += f.requests
			}
		}
	}
	switch layout {
	case "Hive, registered":
		r.catalogPartitions, r.partitionsRead = days-1, len(daysRead)
	case "projection":
		r.partitionsRead = len(daysInRange)
	case "Parquet":
		r.partitionsRead = len(hoursInRange)
	}
	return r
}

type units struct{ kb, mb, gb, tb int64 }

var (
	binaryUnits  = units{1 << 10, 1 << 20, 1 << 30, 1 << 40}
	decimalUnitz = units{1e3, 1e6, 1e9, 1e12}
)

// billedMB is the bytes rounded up to the next megabyte, at least 10 MB.
func billedMB(bytes int64, u units) int64 { return max(10, (bytes+u.mb-1)/u.mb) }

// costMicroUSD is the price in micro-dollars, rounded half up, as costMicroUSD in cloudfront.ts.
func costMicroUSD(bytes int64, u units) int64 {
	perTB := u.tb / u.mb
	return (billedMB(bytes, u)*usdPerTB*2_000_000 + perTB) / (2 * perTB)
}

func formatUSD(micro int64) string { return fmt.Sprintf("$%d.%06d", micro/1_000_000, micro%1_000_000) }

func formatBytes(bytes int64, u units) string {
	for _, step := range []struct {
		name string
		unit int64
	}{{"TB", u.tb}, {"GB", u.gb}, {"MB", u.mb}, {"KB", u.kb}} {
		if bytes >= step.unit {
			tenths := bytes * 10 / step.unit
			return fmt.Sprintf("%d.%d %s", tenths/10, tenths%10, step.name)
		}
	}
	return fmt.Sprintf("%d B", bytes)
}

func millions(n int64) string { return fmt.Sprintf("%d.%d M", n/1_000_000, n/100_000%10) }

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

var (
	lastDay = time.Date(2025, time.November, 30, 0, 0, 0, 0, time.UTC)
	u       = binaryUnits
)

func dateOf(day int) string  { return lastDay.AddDate(0, 0, day-(days-1)).Format("2006-01-02") }
func monthOf(day int) string { return dateOf(day)[:7] }

// virtualMs is the illustrative query time the output is stamped with.
var virtualMs int64

func logf(format string, args ...any) {
	fmt.Printf("+%d.%03ds %s\n", virtualMs/1000, virtualMs%1000, fmt.Sprintf(format, args...))
}

type chunk struct {
	name  string
	files int
	bytes int64
	ms    int64
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// chunksOf splits the scan into months or days for the timeline, with the illustrative time of each.
func chunksOf(s scanResult, q query, byMonth bool) (int64, []chunk) {
	var chunks []chunk
	index := map[string]int{}
	for _, f := range s.files {
		key := dateOf(f.day)
		if byMonth {
			key = monthOf(f.day)
		}
		i, ok := index[key]
		if !ok {
			i = len(chunks)
			index[key] = i
			chunks = append(chunks, chunk{name: key})
		}
		chunks[i].files++
		chunks[i].bytes += q.bytesOf(s.layout, f)
	}
	for i := range chunks {
		c := &chunks[i]
		c.ms = ceilDiv(int64(c.files)*openMsPerFile, parallelReaders) + ceilDiv(c.bytes, scanBytesPerMs)
	}
	return planMs + ceilDiv(int64(s.catalogPartitions)*catalogUsPerPartition, 1000), chunks
}

type run struct {
	label string
	scan  scanResult
	ms    int64
}

// runQuery plays one layout's query on its lane: planning, then the files chunk by chunk.
// The lanes run at once; each sleeps its illustrative time, sped up by animation.
func runQuery(label string, s scanResult, q query, byMonth bool, done chan<- run) {
	plan, chunks := chunksOf(s, q, byMonth)
	sleep := func(ms int64) { time.Sleep(time.Duration(ms) * time.Millisecond / animation) }
	span := gfgtrace.Begin(label, "plan")
	sleep(plan)
	if s.catalogPartitions > 0 {
		span.EndDetail(gfgtrace.OK, fmt.Sprintf("%d partitions from the catalogue", s.catalogPartitions))
	} else {
		span.EndDetail(gfgtrace.OK, "no catalogue lookups")
	}
	total := plan
	for _, c := range chunks {
		span := gfgtrace.Begin(label, fmt.Sprintf("%s: %s files", c.name, thousands(c.files)))
		sleep(c.ms)
		span.EndDetail(gfgtrace.OK, formatBytes(c.bytes, u))
		total += c.ms
	}
	if missed := s.requestsInRange - s.requestsCovered; missed > 0 {
		gfgtrace.Instant(label, "today not registered: "+millions(missed)+" requests missing", gfgtrace.Warn)
	}
	if s.bytes < 10*u.mb {
		gfgtrace.Instant(label, "billed the 10 MB minimum", gfgtrace.Info)
	}
	done <- run{label: label, scan: s, ms: total}
}

func main() {
	if decimalUnits {
		u = decimalUnitz
	}
	fmt.Println("athena-pruning: one query over a year of CloudFront logs, in four layouts")
	fmt.Printf("seed %d: %d days of standard logs, %s to %s %d:00 UTC, ~%s requests a day\n",
		seed, days, dateOf(0), dateOf(days-1), queryAtHour, millions(requestsPerDay))

	rng := &random{state: seed}
	s := generateSample(rng, dateOf(days-queryDays), sampleLines)
	firstWeekday := (int(lastDay.AddDate(0, 0, -(days-1)).Weekday()) + 6) % 7
	files := generateFiles(rng, s, firstWeekday)

	fmt.Println("\n1. the logs")
	logf("a line has %d tab-separated fields, %d bytes on average over %d generated lines:",
		len(fields), int64(math.Round(float64(s.textBytes)/sampleLines)), sampleLines)
	example := strings.Join(s.lines[0], " ")
	fmt.Printf("  %s…\n", example[:110])
	var requests, text, gz int64
	for _, f := range files {
		requests, text, gz = requests+f.requests, text+f.textBytes, gz+f.gzipBytes
	}
	logf("%s gzip files (%d-%d an hour), %s requests: %s of text, %s gzipped",
		thousands(len(files)), filesPerHourLo, filesPerHourHi, millions(requests), formatBytes(text, u), formatBytes(gz, u))
	measuredPPM, measuredPerRow := measure(s)
	fmt.Printf("  gzip keeps %d.%d%% of the text: the model's constant; compress/gzip measures %d.%d%% on this sample\n",
		gzipPPM/10_000, gzipPPM/1000%10, measuredPPM/10_000, measuredPPM/1000%10)
	perRow := func(names []string) (model, measured int64) {
		for _, n := range names {
			model += parquetMilliBytes[n]
			measured += measuredPerRow[fieldIndex(n)]
		}
		return model, measured
	}
	allModel, allMeasured := perRow(fields)
	q := query{fromDay: days - queryDays, toDay: days - 1, hour: -1, fields: []string{"cs-uri-stem", "cs(User-Agent)"}}
	twoModel, _ := perRow(q.fields)
	logf("as Parquet, a row is ~%.1f bytes of column chunks (measured: %.1f); uri and user_agent ~%.1f of them (the request id alone: %.1f, random, incompressible)",
		float64(allModel)/1000, float64(allMeasured)/1000, float64(twoModel)/1000, float64(parquetMilliBytes["x-edge-request-id"])/1000)

	fmt.Printf("\n2. the last %d days, Googlebot hits per page type, at %s %02d:00 UTC\n", queryDays, dateOf(days-1), queryAtHour)
	fmt.Printf("  SELECT page_type(uri), count(*) ... WHERE <the %d days> AND user_agent LIKE '%%Googlebot%%' GROUP BY 1\n", queryDays)
	fmt.Printf("  times are an illustrative model (planning, %d ms per file opened, 2.2 GB/s), played %dx faster\n", openMsPerFile, animation)
	oneHour := q
	oneHour.fromDay, oneHour.hour = days-1, queryAtHour-1
	layouts := []struct {
		label, layout string
		q             query
		byMonth       bool
	}{
		{"no partitions", "no partitions", q, true},
		{"Hive partitions (MSCK)", "Hive, registered", q, false},
		{"partition projection", "projection", q, false},
		{"Parquet, 2 columns", "Parquet", q, false},
		{"Parquet, 1 hour", "Parquet", oneHour, false},
	}
	done := make(chan run)
	for _, l := range layouts {
		go runQuery(l.label, scan(l.layout, files, l.q), l.q, l.byMonth, done)
	}
	byLabel := map[string]run{}
	var finished []run
	for range layouts {
		finished = append(finished, <-done)
	}
	// In the order they finished in the illustrative model (ties in layout order), as main.ts prints them.
	order := map[string]int{}
	for i, l := range layouts {
		order[l.label] = i
	}
	sort.Slice(finished, func(a, b int) bool {
		if finished[a].ms != finished[b].ms {
			return finished[a].ms < finished[b].ms
		}
		return order[finished[a].label] < order[finished[b].label]
	})
	for _, r := range finished {
		virtualMs = r.ms
		line := fmt.Sprintf("%-22s done: %6s files, %9s scanned", r.label, thousands(len(r.scan.files)), formatBytes(r.scan.bytes, u))
		if missed := r.scan.requestsInRange - r.scan.requestsCovered; missed > 0 {
			line += fmt.Sprintf("  missed %s requests of today: partition not registered", millions(missed))
		}
		logf("%s", line)
		byLabel[r.label] = r
	}
	var runs []run
	for _, l := range layouts {
		runs = append(runs, byLabel[l.label])
	}

	fmt.Printf("\n3. what each layout scanned and what it cost ($%d per TB, rounded up to the MB, 10 MB minimum)\n", usdPerTB)
	fmt.Printf("  %-24s%12s%8s%11s%11s%11s%8s\n", "layout", "partitions", "files", "scanned", "billed MB", "cost", "time")
	for _, r := range runs {
		sc := r.scan
		parts := strconv.Itoa(sc.partitionsRead)
		if sc.layout == "no partitions" {
			parts = "-"
		} else if sc.catalogPartitions > 0 {
			parts = fmt.Sprintf("%d->%d", sc.catalogPartitions, sc.partitionsRead)
		}
		fmt.Printf("  %-24s%12s%8s%11s%11s%11s%8s\n", r.label, parts, thousands(len(sc.files)), formatBytes(sc.bytes, u),
			thousands(int(billedMB(sc.bytes, u))), formatUSD(costMicroUSD(sc.bytes, u)), fmt.Sprintf("%.1f s", float64(r.ms)/1000))
	}

	fmt.Println("  partitions: from the catalogue -> read; projection computes them; time: the illustrative model")

	// Facts the TypeScript demo establishes too; a test compares them.
	gfgtrace.Milestone("generated sample (bytes of text)", s.textBytes)
	for _, r := range runs {
		gfgtrace.Milestone(r.label+": files read", len(r.scan.files))
		gfgtrace.Milestone(r.label+": bytes scanned", r.scan.bytes)
		gfgtrace.Milestone(r.label+": cost", formatUSD(costMicroUSD(r.scan.bytes, u)))
	}
	hive := runs[1].scan
	gfgtrace.Milestone("Hive partitions (MSCK): requests missed", hive.requestsInRange-hive.requestsCovered)

	flat, projected, parquet, hour := runs[0], runs[2], runs[3], runs[4]
	ratio := func(a, b run) float64 { return math.Round(float64(a.scan.bytes) / float64(b.scan.bytes)) }
	fmt.Println("\nsummary")
	fmt.Printf("  %-16s%s a query: the date filter is on an ordinary column, so all %s is read\n", "no partitions",
		formatUSD(costMicroUSD(flat.scan.bytes, u)), formatBytes(flat.scan.bytes, u))
	fmt.Printf("  %-16s%s: %.0fx fewer bytes, and %.0fx less time (fixed costs stay)\n", "day partitions",
		formatUSD(costMicroUSD(projected.scan.bytes, u)), ratio(flat, projected), float64(flat.ms)/float64(projected.ms))
	fmt.Printf("  %-16sthe nightly-registered table missed %s requests of today; projection saw them\n", "MSCK",
		millions(hive.requestsInRange-hive.requestsCovered))
	fmt.Printf("  %-16s%s: 2 of %d columns, %.0fx fewer bytes than the gzip text, but only %.0fx less time\n", "Parquet",
		formatUSD(costMicroUSD(parquet.scan.bytes, u)), len(fields), ratio(projected, parquet), float64(projected.ms)/float64(parquet.ms))
	fmt.Printf("  %-16sone hour of Parquet scans %s and is billed %d MB: %s\n", "10 MB minimum",
		formatBytes(hour.scan.bytes, u), billedMB(hour.scan.bytes, u), formatUSD(costMicroUSD(hour.scan.bytes, u)))
}
