/**
 * athena-pruning: what one Athena query over CloudFront logs scans, and costs, in four layouts.
 *
 * A year of CloudFront standard log files (cloudfront.ts: the 33-field format, several gzip
 * files per hour), and one question asked of it: Googlebot hits per page type over the last
 * 7 days, run at 09:00 UTC on the last day. The same query meets the logs in one flat prefix
 * (no partitions), in year=/month=/day= prefixes registered nightly by MSCK REPAIR TABLE, in the
 * same prefixes with partition projection, and as Parquet, where it reads two columns. Each lane
 * of the timeline is one layout; the cost follows Athena's on-demand rule: $5 per TB scanned,
 * rounded up to the MB, 10 MB minimum per query. main.go is the same program in Go; it also
 * measures the gzip ratios this model uses with compress/gzip.
 */
import {
  BINARY, costMicroUSD, billedMB, DECIMAL, FIELDS, formatBytes, formatUSD, GZIP_PPM, generateFiles, generateSample,
  PARQUET_MILLIBYTES_PER_ROW, scan, type Layout, type LogFile, type Query, type Scan,
} from './cloudfront';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, pad, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 1; // the same seed gives the same logs
const DAYS = 365; // days of history, the last one today (partial)
const REQUESTS_PER_DAY = 3_300_000; // on an average weekday: about 120 GB of gzip logs a year
const FILES_PER_HOUR = [2, 6] as const; // CloudFront writes several files per hour
const QUERY_DAYS = 7; // the query asks for the last 7 days, today included
const QUERY_AT_HOUR = 9; // it runs at 09:00 UTC: today has files for hours 0-8
const SAMPLE_LINES = 2000; // generated lines that set the mean line length
const DECIMAL_UNITS = false; // true: MB = 10^6 and TB = 10^12 bytes; false: 2^20 and 2^40
const USD_PER_TB = 5; // on-demand price in us-east-1
const ANIMATION = 30; // the illustrative query times play this many times faster
// ──────────────────────────────────────────────────────────────────────────────────

// The illustrative time model: not a measurement. Fixed costs that do not shrink with the
// bytes (planning, one catalogue entry per partition, opening each file) next to a scan rate
// chosen so that the original post's 120 GB full scan takes about its 65 seconds.
const TIME = {
  planMs: 300,
  catalogUsPerPartition: 500, // one partition's metadata from the Glue Data Catalog
  openMsPerFile: 12, // first byte of an S3 object
  parallelReaders: 64, // files opened at once
  scanBytesPerMs: 2_200_000, // 2.2 GB/s
};

const LAST_DAY = Date.UTC(2025, 10, 30); // 2025-11-30, "today"
const DAY_MS = 86_400_000;
const units = DECIMAL_UNITS ? DECIMAL : BINARY;
const clock = new VirtualClock({ pace: 1 / ANIMATION });
setLogClock(clock);

const dateOf = (day: number): string => new Date(LAST_DAY - (DAYS - 1 - day) * DAY_MS).toISOString().slice(0, 10);
const monthOf = (day: number): string => dateOf(day).slice(0, 7);
const firstWeekday = (new Date(LAST_DAY - (DAYS - 1) * DAY_MS).getUTCDay() + 6) % 7; // 0 = Monday

const size = (bytes: number): string => formatBytes(bytes, units);
const millions = (n: number): string => `${Math.floor(n / 1_000_000)}.${Math.floor(n / 100_000) % 10} M`;
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** The query's time in the illustrative model, in chunks for the timeline. */
interface Chunk {
  name: string;
  files: number;
  bytes: number;
  ms: number;
}

function chunksOf(s: Scan, byMonth: boolean): { planMs: number; chunks: Chunk[] } {
  const groups = new Map<string, LogFile[]>();
  for (const f of s.files) {
    const key = byMonth ? monthOf(f.day) : dateOf(f.day);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const fieldIndexes = QUERY.fields.map((name) => FIELDS.indexOf(name));
  const chunks = [...groups].map(([name, files]) => {
    const bytes = files.reduce((sum, f) => sum + (s.layout === 'Parquet' ? fieldIndexes.reduce((t, i) => t + f.parquetBytes[i]!, 0) : f.gzipBytes), 0);
    const ms = Math.ceil((files.length * TIME.openMsPerFile) / TIME.parallelReaders) + Math.ceil(bytes / TIME.scanBytesPerMs);
    return { name, files: files.length, bytes, ms };
  });
  return { planMs: TIME.planMs + Math.ceil((s.catalogPartitions * TIME.catalogUsPerPartition) / 1000), chunks };
}

const QUERY: Query = { fromDay: DAYS - QUERY_DAYS, toDay: DAYS - 1, fields: ['cs-uri-stem', 'cs(User-Agent)'] };
const ONE_HOUR: Query = { ...QUERY, fromDay: DAYS - 1, hour: QUERY_AT_HOUR - 1 };

interface Run {
  label: string;
  scan: Scan;
  ms: number;
}

/** Runs one layout's query on its lane: planning, then the files chunk by chunk. */
async function runQuery(label: string, s: Scan, byMonth: boolean): Promise<Run> {
  const { planMs, chunks } = chunksOf(s, byMonth);
  const plan = span(label, 'plan');
  await clock.sleep(planMs);
  plan.end('ok', s.catalogPartitions > 0 ? `${s.catalogPartitions} partitions from the catalogue` : 'no catalogue lookups');
  for (const c of chunks) {
    const read = span(label, `${c.name}: ${thousands(c.files)} files`);
    await clock.sleep(c.ms);
    read.end('ok', size(c.bytes));
  }
  const ms = planMs + chunks.reduce((sum, c) => sum + c.ms, 0);
  const missed = s.requestsInRange - s.requestsCovered;
  if (missed > 0) instant(label, `today not registered: ${millions(missed)} requests missing`, 'warn');
  if (s.bytes < 10 * units.mb) instant(label, 'billed the 10 MB minimum');
  log(
    `${pad(label, 22)} done: ${pad(thousands(s.files.length), 6, 'right')} files, ${pad(size(s.bytes), 9, 'right')} scanned` +
      (missed > 0 ? red(`  missed ${millions(missed)} requests of today: partition not registered`) : ''),
  );
  return { label, scan: s, ms };
}

async function main(): Promise<void> {
  console.log(bold('athena-pruning: one query over a year of CloudFront logs, in four layouts'));
  console.log(dim(`seed ${SEED}: ${DAYS} days of standard logs, ${dateOf(0)} to ${dateOf(DAYS - 1)} ${QUERY_AT_HOUR}:00 UTC, ~${millions(REQUESTS_PER_DAY)} requests a day`));

  const random = createRandom(SEED);
  const sample = generateSample(random, dateOf(DAYS - QUERY_DAYS), SAMPLE_LINES);
  const files = generateFiles(random, { days: DAYS, requestsPerDay: REQUESTS_PER_DAY, filesPerHour: FILES_PER_HOUR, lastDayHours: QUERY_AT_HOUR, firstWeekday }, sample);

  heading('1. the logs');
  const example = sample.lines[0]!.join(' ');
  log(`a line has ${FIELDS.length} tab-separated fields, ${Math.round(sample.textBytes / SAMPLE_LINES)} bytes on average over ${SAMPLE_LINES} generated lines:`);
  console.log(dim(`  ${example.slice(0, 110)}…`));
  const requests = files.reduce((sum, f) => sum + f.requests, 0);
  const text = files.reduce((sum, f) => sum + f.textBytes, 0);
  const gz = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  log(`${thousands(files.length)} gzip files (${FILES_PER_HOUR[0]}-${FILES_PER_HOUR[1]} an hour), ${millions(requests)} requests: ${size(text)} of text, ${bold(size(gz))} gzipped`);
  console.log(dim(`  gzip keeps ${Math.floor(GZIP_PPM / 10_000)}.${Math.floor(GZIP_PPM / 1000) % 10}% of the text (GZIP_PPM in cloudfront.ts, measured with Go's compress/gzip on such lines)`));
  const perRow = (names: readonly (typeof FIELDS)[number][]): number => names.reduce((sum, n) => sum + PARQUET_MILLIBYTES_PER_ROW[n], 0);
  const allFields = perRow(FIELDS);
  log(
    `as Parquet, a row is ~${(allFields / 1000).toFixed(1)} bytes of column chunks; uri and user_agent ~${(perRow(QUERY.fields) / 1000).toFixed(1)} of them ` +
      `(the request id alone: ${(PARQUET_MILLIBYTES_PER_ROW['x-edge-request-id'] / 1000).toFixed(1)}, random, incompressible)`,
  );

  heading(`2. the last ${QUERY_DAYS} days, Googlebot hits per page type, at ${dateOf(DAYS - 1)} ${String(QUERY_AT_HOUR).padStart(2, '0')}:00 UTC`);
  console.log(dim(`  SELECT page_type(uri), count(*) ... WHERE <the ${QUERY_DAYS} days> AND user_agent LIKE '%Googlebot%' GROUP BY 1`));
  console.log(dim(`  times are an illustrative model (planning, ${TIME.openMsPerFile} ms per file opened, 2.2 GB/s), played ${ANIMATION}x faster`));
  const layouts: Array<[string, Layout, Query, boolean]> = [
    ['no partitions', 'no partitions', QUERY, true],
    ['Hive partitions (MSCK)', 'Hive, registered', QUERY, false],
    ['partition projection', 'projection', QUERY, false],
    ['Parquet, 2 columns', 'Parquet', QUERY, false],
    ['Parquet, 1 hour', 'Parquet', ONE_HOUR, false],
  ];
  const runs = await Promise.all(layouts.map(([label, layout, q, byMonth]) => runQuery(label, scan(layout, files, DAYS, q), byMonth)));

  heading(`3. what each layout scanned and what it cost ($${USD_PER_TB} per TB, rounded up to the MB, 10 MB minimum)`);
  console.log(dim(`  ${pad('layout', 24)}${pad('partitions', 12, 'right')}${pad('files', 8, 'right')}${pad('scanned', 11, 'right')}${pad('billed MB', 11, 'right')}${pad('cost', 11, 'right')}${pad('time', 8, 'right')}`));
  for (const r of runs) {
    const s = r.scan;
    const parts = s.layout === 'no partitions' ? '-' : s.catalogPartitions > 0 ? `${s.catalogPartitions}->${s.partitionsRead}` : String(s.partitionsRead);
    const cost = formatUSD(costMicroUSD(s.bytes, units, USD_PER_TB));
    console.log(
      `  ${pad(r.label, 24)}${pad(parts, 12, 'right')}${pad(thousands(s.files.length), 8, 'right')}${pad(size(s.bytes), 11, 'right')}` +
        `${pad(thousands(billedMB(s.bytes, units)), 11, 'right')}${pad(cost, 11, 'right')}${pad(`${(r.ms / 1000).toFixed(1)} s`, 8, 'right')}`,
    );
  }
  console.log(dim('  partitions: from the catalogue -> read; projection computes them; time: the illustrative model'));

  // Facts the Go original establishes too; a test compares them.
  milestone('generated sample (bytes of text)', sample.textBytes);
  for (const r of runs) {
    milestone(`${r.label}: files read`, r.scan.files.length);
    milestone(`${r.label}: bytes scanned`, r.scan.bytes);
    milestone(`${r.label}: cost`, formatUSD(costMicroUSD(r.scan.bytes, units, USD_PER_TB)));
  }
  const hive = runs[1]!.scan;
  milestone('Hive partitions (MSCK): requests missed', hive.requestsInRange - hive.requestsCovered);

  heading('summary');
  const [flat, , projected, parquet, hour] = runs as [Run, Run, Run, Run, Run];
  const ratio = (a: Run, b: Run): string => `${Math.round(a.scan.bytes / b.scan.bytes)}x`;
  const line = (label: string, text: string): void => console.log(`  ${pad(label, 16)}${text}`);
  line('no partitions', `${red(formatUSD(costMicroUSD(flat.scan.bytes, units, USD_PER_TB)))} a query: the date filter is on an ordinary column, so all ${size(flat.scan.bytes)} is read`);
  line('day partitions', `${yellow(formatUSD(costMicroUSD(projected.scan.bytes, units, USD_PER_TB)))}: ${ratio(flat, projected)} fewer bytes, and ${(flat.ms / projected.ms).toFixed(0)}x less time (fixed costs stay)`);
  line('MSCK', `the nightly-registered table missed ${red(millions(hive.requestsInRange - hive.requestsCovered))} requests of today; projection saw them`);
  line('Parquet', `${green(formatUSD(costMicroUSD(parquet.scan.bytes, units, USD_PER_TB)))}: 2 of ${FIELDS.length} columns, ${ratio(projected, parquet)} fewer bytes than the gzip text, but only ${(projected.ms / parquet.ms).toFixed(0)}x less time`);
  line('10 MB minimum', `one hour of Parquet scans ${size(hour.scan.bytes)} and is billed ${cyan(`${billedMB(hour.scan.bytes, units)} MB`)}: ${formatUSD(costMicroUSD(hour.scan.bytes, units, USD_PER_TB))}`);
}

runMain(main);
