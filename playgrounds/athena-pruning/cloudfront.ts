/**
 * cloudfront.ts: CloudFront standard log files, the four table layouts a query can meet, and
 * Athena's on-demand price. Each rule names its source:
 *
 * - Log lines: the 33 tab-separated fields of the CloudFront standard log file format, in
 *   order, and the two header lines (#Version, #Fields): CloudFront Developer Guide, "Standard
 *   logging reference", "Log file fields". CloudFront writes several files per distribution and
 *   hour ("CloudFront can save more than one file for a time period depending on how many
 *   requests [it] receives"), named for the UTC date and hour of the requests.
 * - Sizes: a file's text is its two header lines plus its request count times the mean length
 *   of SAMPLE lines generated here. Its gzip size is that times GZIP_PPM, a ratio measured with
 *   a real deflate (Go's compress/gzip, default level, in main.go; tests check it with Node's
 *   zlib too) on the generated lines. Parquet column chunks are estimated the same way: each
 *   column's values PLAIN-encoded (4-byte length + bytes, every field a STRING as in the
 *   article's v2 table) and gzipped (GZIP is Athena's default Parquet write compression), per
 *   row: PARQUET_MILLIBYTES_PER_ROW. Dictionary encoding would make repetitive columns smaller
 *   still, so these are upper bounds. Footers (a few KB a file) are left out.
 * - What a query reads: Athena reads every file of every partition that survives pruning, in
 *   full for gzip text (not splittable); of Parquet, only the column chunks the query names.
 *   A predicate on an ordinary column (the `date` field) prunes nothing; one on partition
 *   columns is resolved before any data is read. Registered partitions are only those a
 *   registration step has added (here MSCK REPAIR TABLE, nightly); partition projection
 *   computes them from table properties at query time. Athena User Guide: "Partition your
 *   data", "Use partition projection", "Query Amazon CloudFront logs".
 * - Price: on-demand, $5 per TB scanned, each query's bytes rounded up to the next megabyte,
 *   10 MB minimum per query (Athena pricing page). MB and TB are 2^20 and 2^40 bytes, as the
 *   article's athenacost program counts them, or 10^6 and 10^12 (its figure) with decimal units.
 */
import type { Random } from '../_shared/random';

/** The fields of a CloudFront standard log line, in order (Developer Guide, "Log file fields"). */
export const FIELDS = [
  'date', 'time', 'x-edge-location', 'sc-bytes', 'c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'sc-status',
  'cs(Referer)', 'cs(User-Agent)', 'cs-uri-query', 'cs(Cookie)', 'x-edge-result-type', 'x-edge-request-id',
  'x-host-header', 'cs-protocol', 'cs-bytes', 'time-taken', 'x-forwarded-for', 'ssl-protocol', 'ssl-cipher',
  'x-edge-response-result-type', 'cs-protocol-version', 'fle-status', 'fle-encrypted-fields', 'c-port',
  'time-to-first-byte', 'x-edge-detailed-result-type', 'sc-content-type', 'sc-content-len', 'sc-range-start',
  'sc-range-end',
] as const;

export const HEADER = `#Version: 1.0\n#Fields: ${FIELDS.join(' ')}\n`;
/** The header's bytes (it is ASCII). */
export const HEADER_BYTES = HEADER.length;

/**
 * gzip size per byte of log text, in parts per million: measured with Go's compress/gzip
 * (default level) by main.go's measure(), the mean over the 2,000-line samples of seeds 1 to 8,
 * header included. `go test ./playgrounds/athena-pruning` and the unit tests (with Node's zlib)
 * check that it still holds, within 2%, for the samples of other seeds.
 */
export const GZIP_PPM = 239_707;

/**
 * Parquet column chunk bytes per row, in thousandths of a byte, for each field: the field's
 * values PLAIN-encoded and gzipped, measured like GZIP_PPM (the tests allow 15%, or 60, per field).
 */
export const PARQUET_MILLIBYTES_PER_ROW: Record<(typeof FIELDS)[number], number> = {
  'date': 52, 'time': 3_839, 'x-edge-location': 1_374, 'sc-bytes': 3_361,
  'c-ip': 7_741, 'cs-method': 148, 'cs(Host)': 133, 'cs-uri-stem': 6_219,
  'sc-status': 341, 'cs(Referer)': 2_951, 'cs(User-Agent)': 2_432, 'cs-uri-query': 1_246,
  'cs(Cookie)': 27, 'x-edge-result-type': 656, 'x-edge-request-id': 42_496, 'x-host-header': 74,
  'cs-protocol': 146, 'cs-bytes': 1_965, 'time-taken': 1_831, 'x-forwarded-for': 27,
  'ssl-protocol': 492, 'ssl-cipher': 249, 'x-edge-response-result-type': 656, 'cs-protocol-version': 639,
  'fle-status': 27, 'fle-encrypted-fields': 27, 'c-port': 3_095, 'time-to-first-byte': 1_696,
  'x-edge-detailed-result-type': 656, 'sc-content-type': 994, 'sc-content-len': 3_162, 'sc-range-start': 27,
  'sc-range-end': 27,
};

const EDGES = ['IAD89-C1', 'IAD12-P2', 'JFK50-C1', 'ORD58-P3', 'DFW56-P1', 'SFO53-C2', 'LHR61-C2', 'FRA56-P5', 'NRT57-C1', 'SIN2-C1', 'GRU3-C1', 'SYD1-C2'];
const USER_AGENTS = [
  'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Safari/537.36',
  'Mozilla/5.0%20(Macintosh;%20Intel%20Mac%20OS%20X%2010_15_7)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/18.1%20Safari/605.1.15',
  'Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2018_1%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/18.1%20Mobile/15E148%20Safari/604.1',
  'Mozilla/5.0%20(Linux;%20Android%2014;%20Pixel%208)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Mobile%20Safari/537.36',
  'Mozilla/5.0%20(X11;%20Ubuntu;%20Linux%20x86_64;%20rv:133.0)%20Gecko/20100101%20Firefox/133.0',
  'Mozilla/5.0%20(compatible;%20Googlebot/2.1;%20+http://www.google.com/bot.html)',
  'Mozilla/5.0%20(Linux;%20Android%206.0.1;%20Nexus%205X%20Build/MMB29P)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/131.0.0.0%20Mobile%20Safari/537.36%20(compatible;%20Googlebot/2.1;%20+http://www.google.com/bot.html)',
  'Mozilla/5.0%20(compatible;%20bingbot/2.0;%20+http://www.bing.com/bingbot.htm)',
  'curl/8.5.0',
];
// Browsers most of the time; Googlebot (desktop and smartphone) about one request in twelve.
const UA_WEIGHTS = [30, 14, 20, 12, 6, 5, 3, 3, 7];
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

const pad2 = (n: number): string => String(n).padStart(2, '0');
/** 1234 ms -> "1.234" (CloudFront writes seconds to the millisecond). */
const seconds = (ms: number): string => `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}`;

function weighted(random: Random, weights: readonly number[]): number {
  let roll = random.int(0, weights.reduce((a, b) => a + b, 0) - 1);
  for (let i = 0; i < weights.length; i++) {
    if (roll < weights[i]!) return i;
    roll -= weights[i]!;
  }
  return weights.length - 1;
}

function chars(random: Random, alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[random.int(0, alphabet.length - 1)];
  return s;
}

/**
 * One log line's 33 values, for a request on `date` (YYYY-MM-DD) in `hour`. The draws, in this
 * order, are the same in main.go.
 */
export function generateLine(random: Random, date: string, hour: number): string[] {
  const time = `${pad2(hour)}:${pad2(random.int(0, 59))}:${pad2(random.int(0, 59))}`;
  const edge = random.pick(EDGES);
  const kind = weighted(random, [40, 25, 25, 10]); // page, static asset, image, API
  let uri: string;
  let query = '-';
  let contentType: string;
  let bytes: number;
  if (kind === 0) {
    uri = random.chance(0.7) ? `/listing/${random.int(100000, 999999)}` : `/agent/${chars(random, 'abcdefghijklmnopqrstuvwxyz', random.int(5, 12))}`;
    if (random.chance(0.2)) query = `page=${random.int(2, 40)}`;
    contentType = 'text/html';
    bytes = random.int(12000, 90000);
  } else if (kind === 1) {
    uri = `/static/app.${chars(random, HEX, 8)}.${random.chance(0.6) ? 'js' : 'css'}`;
    contentType = uri.endsWith('js') ? 'application/javascript' : 'text/css';
    bytes = random.int(3000, 250000);
  } else if (kind === 2) {
    uri = `/images/${random.int(100000, 999999)}-${random.pick(['sm', 'md', 'lg'])}.jpg`;
    contentType = 'image/jpeg';
    bytes = random.int(8000, 600000);
  } else {
    uri = '/api/search';
    query = `q=${chars(random, 'abcdefghijklmnopqrstuvwxyz', random.int(3, 10))}&page=${random.int(1, 5)}`;
    contentType = 'application/json';
    bytes = random.int(500, 20000);
  }
  const statusRoll = random.int(0, 99);
  const status = statusRoll < 85 ? 200 : statusRoll < 93 ? 304 : statusRoll < 95 ? 301 : statusRoll < 99 ? 404 : 503;
  if (status !== 200) bytes = random.int(200, 900);
  const ip = random.chance(0.85)
    ? `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`
    : `2001:db8:${chars(random, HEX, 4)}:${chars(random, HEX, 4)}::${chars(random, HEX, 3)}`;
  const method = kind === 3 && random.chance(0.2) ? 'POST' : random.chance(0.02) ? 'HEAD' : 'GET';
  const referrer = random.chance(0.4) ? '-' : `https://www.example.com/listing/${random.int(100000, 999999)}`;
  const userAgent = USER_AGENTS[weighted(random, UA_WEIGHTS)]!;
  const result = status >= 500 ? 'Error' : kind === 3 ? 'Miss' : random.pick(['Hit', 'Hit', 'Hit', 'Miss', 'RefreshHit']);
  const requestId = `${chars(random, B64, 54)}==`;
  const https = random.chance(0.96);
  const takenMs = random.int(1, kind === 3 ? 900 : 250);
  const firstByteMs = random.int(1, takenMs);
  return [
    date, time, edge, String(bytes), ip, method, 'd111111abcdef8.cloudfront.net', uri, String(status),
    referrer, userAgent, query, '-', result, requestId,
    'www.example.com', https ? 'https' : 'http', String(random.int(180, 900)), seconds(takenMs), '-',
    https ? random.pick(['TLSv1.3', 'TLSv1.3', 'TLSv1.2']) : '-', https ? 'TLS_AES_128_GCM_SHA256' : '-',
    result, random.pick(['HTTP/2.0', 'HTTP/2.0', 'HTTP/1.1', 'HTTP/3.0']), '-', '-', String(random.int(1024, 65535)),
    seconds(firstByteMs), result, contentType, status === 200 ? String(bytes - random.int(200, 400)) : '-', '-', '-',
  ];
}

/** What the generated sample tells the model: bytes per line and per field. */
export interface Sample {
  lines: string[][];
  /** Bytes of all the lines, tabs and newlines included. */
  textBytes: number;
  /** Bytes of each field's values, over all the lines. */
  fieldBytes: number[];
}

/** Generates n lines spread over the hours of `date`. */
export function generateSample(random: Random, date: string, n: number): Sample {
  const lines: string[][] = [];
  let textBytes = 0;
  const fieldBytes = FIELDS.map(() => 0);
  for (let i = 0; i < n; i++) {
    const line = generateLine(random, date, i % 24);
    lines.push(line);
    line.forEach((v, f) => (fieldBytes[f]! += v.length));
    textBytes += line.reduce((sum, v) => sum + v.length, 0) + FIELDS.length; // 32 tabs and a newline
  }
  return { lines, textBytes, fieldBytes };
}

/** One delivered log file: its partition, its hour, its requests and its sizes. */
export interface LogFile {
  /** Days since the first day of history. */
  day: number;
  hour: number;
  requests: number;
  textBytes: number;
  gzipBytes: number;
  /** Bytes of each field's Parquet column chunk, were this file written as Parquet. */
  parquetBytes: number[];
}

// Share of a day's requests in each UTC hour, in percent (busiest in the US afternoon).
export const HOUR_WEIGHTS = [3, 3, 3, 2, 2, 2, 2, 3, 3, 4, 4, 5, 5, 5, 6, 6, 6, 6, 5, 5, 5, 4, 3, 3];
// Weekday factor in percent, Monday first: quieter at weekends.
export const WEEKDAY_PCT = [104, 104, 103, 102, 100, 92, 95];

export interface HistorySettings {
  days: number;
  requestsPerDay: number;
  filesPerHour: readonly [number, number];
  /** On the last day, files exist for the hours before this one (the query runs then). */
  lastDayHours: number;
  /** The weekday of the first day, 0 = Monday. */
  firstWeekday: number;
}

/** Every delivered file, day by day and hour by hour. Draws: per hour, noise then the file count. */
export function generateFiles(random: Random, settings: HistorySettings, sample: Sample): LogFile[] {
  const files: LogFile[] = [];
  const weightSum = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  for (let day = 0; day < settings.days; day++) {
    const dayPct = WEEKDAY_PCT[(settings.firstWeekday + day) % 7]!;
    const hours = day === settings.days - 1 ? settings.lastDayHours : 24;
    for (let hour = 0; hour < hours; hour++) {
      const noise = random.int(-10, 10);
      const requests = Math.floor((settings.requestsPerDay * dayPct * HOUR_WEIGHTS[hour]! * (100 + noise)) / (100 * weightSum * 100));
      const n = random.int(settings.filesPerHour[0], settings.filesPerHour[1]);
      for (let i = 0; i < n; i++) {
        const r = Math.floor(requests / n) + (i < requests % n ? 1 : 0);
        files.push(sizeFile(day, hour, r, sample));
      }
    }
  }
  return files;
}

/** A file's sizes from its request count and the sample (see the header). */
export function sizeFile(day: number, hour: number, requests: number, sample: Sample): LogFile {
  const textBytes = HEADER_BYTES + Math.floor((requests * sample.textBytes) / sample.lines.length);
  return {
    day,
    hour,
    requests,
    textBytes,
    gzipBytes: Math.floor((textBytes * GZIP_PPM) / 1_000_000),
    parquetBytes: FIELDS.map((f) => Math.floor((requests * PARQUET_MILLIBYTES_PER_ROW[f]) / 1000)),
  };
}

export type Layout = 'no partitions' | 'Hive, registered' | 'projection' | 'Parquet';

/** A query over a range of days, with the fields a Parquet reader must fetch. */
export interface Query {
  /** First and last day of the range, as days since the first day of history. */
  fromDay: number;
  toDay: number;
  /** Only this hour of each day (the Parquet layout is partitioned by hour), or every hour. */
  hour?: number;
  fields: readonly (typeof FIELDS)[number][];
}

export interface Scan {
  layout: Layout;
  /** Partitions the catalogue hands the planner (Glue GetPartitions); projection fetches none. */
  catalogPartitions: number;
  /** Partitions left after pruning: prefixes whose files are read. */
  partitionsRead: number;
  files: LogFile[];
  bytes: number;
  /** Requests in the query's range that the scan saw. */
  requestsCovered: number;
  /** Requests in the query's range. */
  requestsInRange: number;
}

/**
 * What a query reads in one layout.
 * - 'no partitions': one prefix, the date filter is on an ordinary column: every file, in full.
 * - 'Hive, registered': year=/month=/day= prefixes registered by a nightly MSCK REPAIR TABLE,
 *   which ran before the last day's first file arrived: the catalogue lists every earlier day,
 *   and the last day's files are invisible.
 * - 'projection': the same prefixes, partitions computed from the range: every day in it.
 * - 'Parquet': CloudFront v2 logs as Parquet in hourly partitions, with projection: only the
 *   named fields' column chunks.
 */
export function scan(layout: Layout, files: readonly LogFile[], days: number, q: Query): Scan {
  const inRange = (f: LogFile): boolean => f.day >= q.fromDay && f.day <= q.toDay && (q.hour === undefined || f.hour === q.hour);
  const requestsInRange = files.filter(inRange).reduce((sum, f) => sum + f.requests, 0);
  const hoursInRange = new Set(files.filter(inRange).map((f) => `${f.day}/${f.hour}`)).size;
  const daysInRange = new Set(files.filter(inRange).map((f) => f.day)).size;
  let read: LogFile[];
  let catalogPartitions = 0;
  let partitionsRead: number;
  if (layout === 'no partitions') {
    read = [...files];
    partitionsRead = 0;
  } else if (layout === 'Hive, registered') {
    catalogPartitions = days - 1;
    read = files.filter((f) => inRange(f) && f.day < days - 1);
    partitionsRead = new Set(read.map((f) => f.day)).size;
  } else if (layout === 'projection') {
    read = files.filter(inRange);
    partitionsRead = daysInRange;
  } else {
    read = files.filter(inRange);
    partitionsRead = hoursInRange;
  }
  const fieldIndexes = q.fields.map((name) => FIELDS.indexOf(name));
  const bytes = read.reduce((sum, f) => sum + (layout === 'Parquet' ? fieldIndexes.reduce((s, i) => s + f.parquetBytes[i]!, 0) : f.gzipBytes), 0);
  const requestsCovered = read.filter(inRange).reduce((sum, f) => sum + f.requests, 0);
  return { layout, catalogPartitions, partitionsRead, files: read, bytes, requestsCovered, requestsInRange };
}

export interface Units {
  kb: number;
  mb: number;
  gb: number;
  tb: number;
}
export const BINARY: Units = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 };
export const DECIMAL: Units = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12 };

/** 123_456_789 -> "117.7 MB": the largest unit that fits, to a tenth, truncated. */
export function formatBytes(bytes: number, units: Units): string {
  for (const [name, unit] of [['TB', units.tb], ['GB', units.gb], ['MB', units.mb], ['KB', units.kb]] as const) {
    if (bytes >= unit) {
      const tenths = Math.floor((bytes * 10) / unit);
      return `${Math.floor(tenths / 10)}.${tenths % 10} ${name}`;
    }
  }
  return `${bytes} B`;
}

/** Megabytes billed: the bytes rounded up to the next megabyte, at least 10 MB. */
export function billedMB(bytes: number, units: Units): number {
  return Math.max(10, Math.ceil(bytes / units.mb));
}

/** The query's price in micro-dollars at `usdPerTB`, rounded to the nearest micro-dollar (half up). */
export function costMicroUSD(bytes: number, units: Units, usdPerTB = 5): number {
  const perTB = units.tb / units.mb; // megabytes in a terabyte: 2^20 or 10^6
  return Math.floor((billedMB(bytes, units) * usdPerTB * 2_000_000 + perTB) / (2 * perTB));
}

/** 576853 -> "$0.576853". */
export function formatUSD(micro: number): string {
  return `$${Math.floor(micro / 1_000_000)}.${String(micro % 1_000_000).padStart(6, '0')}`;
}
