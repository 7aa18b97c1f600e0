import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  BINARY, billedMB, costMicroUSD, DECIMAL, FIELDS, formatBytes, formatUSD, generateFiles, generateLine, generateSample,
  GZIP_PPM, HEADER, HEADER_BYTES, HOUR_WEIGHTS, PARQUET_MILLIBYTES_PER_ROW, scan, sizeFile, type LogFile, type Query,
} from '../../../playgrounds/athena-pruning/cloudfront';
import { createRandom } from '../../../playgrounds/_shared/random';

const MB = 2 ** 20;

describe('CloudFront standard log lines', () => {
  it('have the 33 fields of the standard format, in order, under a #Version and a #Fields line', () => {
    assert.equal(FIELDS.length, 33);
    assert.equal(FIELDS[0], 'date');
    assert.equal(FIELDS[14], 'x-edge-request-id');
    assert.equal(FIELDS[32], 'sc-range-end');
    const lines = HEADER.split('\n');
    assert.equal(lines[0], '#Version: 1.0');
    assert.equal(lines[1], `#Fields: ${FIELDS.join(' ')}`);
    assert.equal(HEADER_BYTES, Buffer.byteLength(HEADER));
  });

  it('generates 33 tab-free values: the date, a time in the hour, a 56-character request id', () => {
    const random = createRandom(5);
    for (let i = 0; i < 500; i++) {
      const line = generateLine(random, '2025-11-24', 7);
      assert.equal(line.length, 33);
      assert.ok(line.every((v) => v.length > 0 && !v.includes('\t') && !v.includes('\n')));
      assert.equal(line[0], '2025-11-24');
      assert.match(line[1]!, /^07:[0-5]\d:[0-5]\d$/);
      assert.match(line[14]!, /^[A-Za-z0-9_-]{54}==$/);
      assert.match(line[8]!, /^(200|301|304|404|503)$/);
      assert.ok(Number(line[27]) <= Number(line[18]), 'time to first byte is within time taken');
      assert.ok(!line[10]!.includes(' '), 'user agents are URL-encoded');
    }
  });

  it('the same seed gives the same lines', () => {
    assert.deepEqual(generateSample(createRandom(3), '2025-01-01', 50), generateSample(createRandom(3), '2025-01-01', 50));
  });

  it('a sample counts the text bytes of its lines, tabs and newlines included, and each field', () => {
    const s = generateSample(createRandom(2), '2025-11-24', 300);
    const text = s.lines.map((l) => `${l.join('\t')}\n`).join('');
    assert.equal(s.textBytes, Buffer.byteLength(text));
    assert.equal(s.fieldBytes.reduce((a, b) => a + b, 0) + 33 * 300, s.textBytes);
  });

  it('about one request in twelve is Googlebot', () => {
    const s = generateSample(createRandom(1), '2025-11-24', 4000);
    const share = s.lines.filter((l) => l[10]!.includes('Googlebot')).length / 4000;
    assert.ok(share > 0.06 && share < 0.1, `Googlebot share ${share}`);
  });
});

describe('the compression ratios the model uses', () => {
  for (const seed of [1, 9, 21, 40]) {
    it(`seed ${seed}: Node's zlib finds GZIP_PPM within 5% of what gzip does to the text`, () => {
      const s = generateSample(createRandom(seed), '2025-11-24', 2000);
      const text = HEADER + s.lines.map((l) => `${l.join('\t')}\n`).join('');
      const ppm = (gzipSync(text).length * 1_000_000) / Buffer.byteLength(text);
      assert.ok(Math.abs(ppm - GZIP_PPM) / GZIP_PPM < 0.05, `zlib keeps ${Math.round(ppm)} ppm, the model says ${GZIP_PPM}`);
    });
  }

  it('the Parquet estimate per column matches zlib on PLAIN-encoded values, for the columns the query reads and in total', () => {
    const s = generateSample(createRandom(13), '2025-11-24', 2000);
    let total = 0;
    for (const [f, name] of FIELDS.entries()) {
      const parts: Buffer[] = [];
      for (const line of s.lines) {
        const len = Buffer.alloc(4);
        len.writeUInt32LE(line[f]!.length);
        parts.push(len, Buffer.from(line[f]!));
      }
      const perRow = (gzipSync(Buffer.concat(parts)).length * 1000) / 2000;
      total += perRow;
      if (name === 'cs-uri-stem' || name === 'cs(User-Agent)' || name === 'x-edge-request-id') {
        const model = PARQUET_MILLIBYTES_PER_ROW[name];
        assert.ok(Math.abs(perRow - model) / model < 0.15, `${name}: zlib ${perRow}, model ${model}`);
      }
    }
    const modelTotal = FIELDS.reduce((sum, n) => sum + PARQUET_MILLIBYTES_PER_ROW[n], 0);
    assert.ok(Math.abs(total - modelTotal) / modelTotal < 0.1, `all columns: zlib ${total}, model ${modelTotal}`);
  });

  it('Parquet with two columns holds about a tenth of the gzip text, as the article\'s figure assumes', () => {
    const s = generateSample(createRandom(1), '2025-11-24', 2000);
    const gzipPerRow = ((s.textBytes / 2000) * GZIP_PPM) / 1_000_000;
    const twoColumns = (PARQUET_MILLIBYTES_PER_ROW['cs-uri-stem'] + PARQUET_MILLIBYTES_PER_ROW['cs(User-Agent)']) / 1000;
    const share = twoColumns / gzipPerRow;
    assert.ok(share > 0.05 && share < 0.15, `two columns are ${share} of the gzip bytes`);
  });
});

describe('log files', () => {
  const sample = generateSample(createRandom(1), '2025-11-24', 2000);
  const settings = { days: 10, requestsPerDay: 240_000, filesPerHour: [2, 6] as const, lastDayHours: 9, firstWeekday: 0 };
  const files = generateFiles(createRandom(7), settings, sample);

  it('CloudFront writes several files per hour; the last day has only the hours before the query', () => {
    const perHour = new Map<string, number>();
    for (const f of files) perHour.set(`${f.day}/${f.hour}`, (perHour.get(`${f.day}/${f.hour}`) ?? 0) + 1);
    assert.equal(perHour.size, 9 * 24 + 9);
    assert.ok([...perHour.values()].every((n) => n >= 2 && n <= 6));
    assert.deepEqual([...new Set(files.filter((f) => f.day === 9).map((f) => f.hour))], [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a day has about requestsPerDay requests, shaped by the hour weights', () => {
    assert.equal(HOUR_WEIGHTS.length, 24);
    const monday = files.filter((f) => f.day === 0).reduce((sum, f) => sum + f.requests, 0);
    assert.ok(Math.abs(monday - 240_000 * 1.04) / 240_000 < 0.05, `Monday had ${monday}`);
    const busy = files.filter((f) => f.day === 0 && f.hour === 15).reduce((s, f) => s + f.requests, 0);
    const quiet = files.filter((f) => f.day === 0 && f.hour === 4).reduce((s, f) => s + f.requests, 0);
    assert.ok(busy > 2 * quiet);
  });

  it('a file\'s text is its header plus its requests at the sample\'s mean line length; gzip and Parquet follow the ratios', () => {
    const f = sizeFile(0, 0, 1000, sample);
    assert.equal(f.textBytes, HEADER_BYTES + Math.floor((1000 * sample.textBytes) / 2000));
    assert.equal(f.gzipBytes, Math.floor((f.textBytes * GZIP_PPM) / 1_000_000));
    assert.equal(f.parquetBytes[7], Math.floor((1000 * PARQUET_MILLIBYTES_PER_ROW['cs-uri-stem']) / 1000));
    assert.equal(sizeFile(0, 0, 0, sample).textBytes, HEADER_BYTES, 'an empty file still has its header');
  });
});

describe('what a query scans', () => {
  const sample = generateSample(createRandom(1), '2025-11-24', 500);
  const files: LogFile[] = [];
  for (let day = 0; day < 30; day++) for (let hour = 0; hour < (day === 29 ? 9 : 24); hour++) files.push(sizeFile(day, hour, 1000, sample), sizeFile(day, hour, 500, sample));
  const week: Query = { fromDay: 23, toDay: 29, fields: ['cs-uri-stem', 'cs(User-Agent)'] };
  const total = (fs: LogFile[]): number => fs.reduce((s, f) => s + f.gzipBytes, 0);

  it('without partitions, a filter on the date column prunes nothing: every file is read in full', () => {
    const s = scan('no partitions', files, 30, week);
    assert.equal(s.files.length, files.length);
    assert.equal(s.bytes, total(files));
    assert.equal(s.requestsCovered, s.requestsInRange, 'the rows are all there, at the price of reading everything');
  });

  it('registered Hive partitions: the catalogue lists every registered day; today is not registered yet', () => {
    const s = scan('Hive, registered', files, 30, week);
    assert.equal(s.catalogPartitions, 29);
    assert.equal(s.partitionsRead, 6);
    assert.ok(s.files.every((f) => f.day >= 23 && f.day < 29));
    assert.equal(s.requestsInRange - s.requestsCovered, 9 * 1500, 'today\'s 9 hours are missing from the result');
  });

  it('projection computes the 7 day partitions, today included, with no catalogue lookups', () => {
    const s = scan('projection', files, 30, week);
    assert.equal(s.catalogPartitions, 0);
    assert.equal(s.partitionsRead, 7);
    assert.equal(s.files.length, (6 * 24 + 9) * 2);
    assert.equal(s.bytes, total(files.filter((f) => f.day >= 23)));
    assert.equal(s.requestsCovered, s.requestsInRange);
  });

  it('Parquet reads the same files but only the named columns, in hourly partitions', () => {
    const s = scan('Parquet', files, 30, week);
    assert.equal(s.partitionsRead, 6 * 24 + 9);
    const expected = s.files.reduce((sum, f) => sum + f.parquetBytes[7]! + f.parquetBytes[10]!, 0);
    assert.equal(s.bytes, expected);
    assert.ok(s.bytes < scan('projection', files, 30, week).bytes / 5);
    const allColumns = scan('Parquet', files, 30, { ...week, fields: FIELDS });
    assert.ok(allColumns.bytes > s.bytes * 5, 'SELECT * pays for every column');
  });

  it('an hourly predicate reads one hour', () => {
    const s = scan('Parquet', files, 30, { ...week, fromDay: 29, hour: 8 });
    assert.equal(s.partitionsRead, 1);
    assert.equal(s.files.length, 2);
  });
});

describe('on-demand price', () => {
  it('rounds each query up to the next megabyte, with a 10 MB minimum (the article\'s examples)', () => {
    assert.equal(billedMB(2 * MB, BINARY), 10, 'a query that reads 2 MB is billed as 10 MB');
    assert.equal(billedMB(10.1 * MB, BINARY), 11, 'one that reads 10.1 MB is billed as 11 MB');
    assert.equal(billedMB(0, BINARY), 10);
    assert.equal(billedMB(10 * MB, BINARY), 10);
    assert.equal(billedMB(10 * MB + 1, BINARY), 11);
    assert.equal(billedMB(2_000_001, DECIMAL), 10);
    assert.equal(billedMB(123_400_001, DECIMAL), 124);
  });

  it('costs $5 per TB', () => {
    assert.equal(costMicroUSD(2 ** 40, BINARY), 5_000_000);
    assert.equal(costMicroUSD(1e12, DECIMAL), 5_000_000);
    assert.equal(costMicroUSD(120e9, DECIMAL), 600_000, 'the figure: 120 GB, about $0.60');
    assert.equal(costMicroUSD(2.3e9, DECIMAL), 11_500, 'the figure: 2.3 GB, about $0.012');
    assert.equal(costMicroUSD(120e9, BINARY), 545_697, 'binary units: about $0.55');
    assert.equal(costMicroUSD(2e6, DECIMAL) * 1000, 50_000, 'self-check: 1,000 queries of 2 MB are billed 10 GB, five cents');
  });

  it('rounds to the nearest micro-dollar, half up', () => {
    assert.equal(costMicroUSD(10 * MB, BINARY), 48, '10 MiB = $0.0000476837');
    assert.equal(costMicroUSD(8192 * MB, BINARY), 39_063, '8 GiB = $0.0390625 exactly: half up');
  });

  it('formats dollars and bytes', () => {
    assert.equal(formatUSD(591_636), '$0.591636');
    assert.equal(formatUSD(12_000_001), '$12.000001');
    assert.equal(formatBytes(123_456_789, BINARY), '117.7 MB');
    assert.equal(formatBytes(123_456_789, DECIMAL), '123.4 MB');
    assert.equal(formatBytes(2 ** 30, BINARY), '1.0 GB');
    assert.equal(formatBytes(512, BINARY), '512 B');
  });
});
