import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Checker, bareHost, classify, politeTransport, report, retryable } from '../../../playgrounds/link-checker/linkcheck';
import { Client, formatUrl, parseUrl, resolve, type Request, type Response, type RoundTripper } from '../../../playgrounds/link-checker/http';
import { VirtualClock } from '../../../playgrounds/_shared/clock';

const fast = () => new VirtualClock({ pace: 0 });

/** A RoundTripper from a function of the URL. */
function serve(answer: (url: string, req: Request) => Partial<Response> | Error): RoundTripper {
  return async (req) => {
    const a = answer(formatUrl(req.url), req);
    if (a instanceof Error) throw a;
    return { status: 200, headers: {}, ...a, request: req };
  };
}

const req = (url: string, signal = new AbortController().signal): Request => ({ method: 'GET', url: parseUrl(url), headers: {}, signal });

describe('linkcheck port: classify and bareHost (content/go/linkcheck)', () => {
  it('status codes: 404 and 410 are DEAD, 5xx FAIL, every other 4xx CHECK', () => {
    const at = (code: number) => classify({ url: 'https://a.example/p', final: 'https://a.example/p', code });
    assert.deepEqual([404, 410].map(at), ['DEAD', 'DEAD']);
    assert.deepEqual([500, 502, 503, 599].map(at), ['FAIL', 'FAIL', 'FAIL', 'FAIL']);
    assert.deepEqual([400, 401, 403, 405, 418, 429, 451].map(at), ['CHECK', 'CHECK', 'CHECK', 'CHECK', 'CHECK', 'CHECK', 'CHECK']);
    assert.deepEqual([200, 204, 304].map(at), ['OK', 'OK', 'OK']);
  });

  it('hosts and paths, as TestClassifyHosts has them', () => {
    const cases: Array<[string, string, string]> = [
      ['http://example.com/post', 'https://www.example.com/post', 'OK'], // scheme and www changes are fine
      ['https://blog.example.com/post', 'https://example.medium.com/post', 'MOVED'],
      ['https://example.com/2017/post', 'https://example.com/', 'HOME'],
      ['https://example.com/2017/post', 'https://example.com', 'HOME'],
      ['https://example.com/', 'https://example.com/', 'OK'],
      ['https://Example.COM/a', 'https://example.com/b', 'OK'],
      ['https://example.com/a', 'not a url', 'CHECK'],
    ];
    for (const [from, to, want] of cases) assert.equal(classify({ url: from, final: to, code: 200 }), want, `${from} -> ${to}`);
  });

  it('bareHost lowercases and drops one leading "www." only', () => {
    assert.equal(bareHost(parseUrl('https://WWW.Example.com/x')), 'example.com');
    assert.equal(bareHost(parseUrl('https://www2.example.com/x')), 'www2.example.com');
    assert.equal(bareHost(parseUrl('https://blog.www.example.com/x')), 'blog.www.example.com');
  });

  it('report prints what TestReadLinksAndReport expects, and returns how many need attention', () => {
    const lines: string[] = [];
    const n = report((l) => lines.push(l), [
      { url: 'https://a.example/x', final: 'https://a.example/x', code: 200, verdict: 'OK', attempts: 1 },
      { url: 'https://a.example/gone', final: '', code: 404, verdict: 'DEAD', attempts: 1 },
      { url: 'https://a.example/f', final: '', code: 403, verdict: 'CHECK', attempts: 1 },
      { url: 'https://old.example/p', final: 'https://new.example/p', code: 200, verdict: 'MOVED', attempts: 1 },
    ]);
    assert.equal(n, 3);
    assert.equal(
      lines.join('\n') + '\n',
      'DEAD  https://a.example/gone (404)\n' +
        'CHECK https://a.example/f (403)\n' +
        'MOVED https://old.example/p -> https://new.example/p\n' +
        '4 links: 1 ok, 1 dead, 1 check, 0 fail, 1 moved, 0 home\n',
    );
  });

  it('main.go copies linkcheck\'s functions unchanged', () => {
    const repo = process.cwd();
    const original = fs.readFileSync(path.join(repo, 'content/go/linkcheck/main.go'), 'utf8');
    const copy = fs.readFileSync(path.join(repo, 'playgrounds/link-checker/main.go'), 'utf8');
    const block = (src: string, start: string): string => {
      const i = src.indexOf(start);
      assert.ok(i >= 0, `${start} not found`);
      const end = src.indexOf('\n}\n', i);
      return src.slice(i, end + 2);
    };
    for (const fn of ['func (c Checker) check(', 'func classify(', 'func bareHost(', 'func readLinks(', 'func report(', 'type Result struct', 'const (\n\tOK ']) {
      assert.equal(block(copy, fn), block(original, fn), fn);
    }
  });
});

describe('net/http model: URLs, redirects and errors', () => {
  it('parses and prints absolute URLs; resolves Location headers like ResolveReference', () => {
    assert.deepEqual(parseUrl('HTTPS://a.example/p/q?x=1#frag'), { scheme: 'https', host: 'a.example', path: '/p/q', query: '?x=1' });
    assert.equal(formatUrl(parseUrl('https://a.example')), 'https://a.example');
    assert.throws(() => parseUrl('a.example/p'), /invalid URI for request/);
    const base = parseUrl('https://a.example/2017/post/index.html');
    assert.equal(formatUrl(resolve(base, '/')), 'https://a.example/');
    assert.equal(formatUrl(resolve(base, 'other.html')), 'https://a.example/2017/post/other.html');
    assert.equal(formatUrl(resolve(base, '../up?y=2')), 'https://a.example/2017/up?y=2');
    assert.equal(formatUrl(resolve(base, '//b.example/z')), 'https://b.example/z');
    assert.equal(formatUrl(resolve(base, 'http://c.example/')), 'http://c.example/');
  });

  it('follows 301, 302, 303, 307 and 308 with a Location; the response carries the last request', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const client = new Client(serve((url) => (url.endsWith('/old') ? { status, headers: { Location: '/new' } } : { status: 200 })));
      const resp = await client.do(req('https://a.example/old'));
      assert.equal(resp.status, 200, `${status}`);
      assert.equal(formatUrl(resp.request.url), 'https://a.example/new');
    }
  });

  it('returns other 3xx, and a 3xx without Location, as they are', async () => {
    const client = new Client(serve((url) => (url.endsWith('/a') ? { status: 300, headers: { Location: '/b' } } : url.endsWith('/c') ? { status: 302 } : { status: 304 })));
    assert.equal((await client.do(req('https://a.example/a'))).status, 300);
    assert.equal((await client.do(req('https://a.example/c'))).status, 302);
  });

  it('stops after 10 redirects, with net/http\'s error', async () => {
    let n = 0;
    const client = new Client(serve(() => ({ status: 302, headers: { Location: `/r${++n}` } })));
    await assert.rejects(client.do(req('https://a.example/start')), { message: 'Get "https://a.example/r11": stopped after 10 redirects' });
  });

  it('wraps transport errors as url.Error and refuses schemes other than http and https', async () => {
    const client = new Client(serve(() => new Error('dial tcp: lookup a.example: no such host')));
    await assert.rejects(client.do(req('https://a.example/p')), { message: 'Get "https://a.example/p": dial tcp: lookup a.example: no such host' });
    await assert.rejects(client.do(req('ftp://a.example/file')), { message: 'Get "ftp://a.example/file": unsupported protocol scheme "ftp"' });
  });
});

describe('the checker: errgroup, timeout, retries', () => {
  const checker = (transport: RoundTripper, extra: Partial<ConstructorParameters<typeof Checker>[0]> = {}) =>
    new Checker({ client: new Client(transport), limit: 3, timeoutMs: 100, userAgent: 'test-agent', clock: extra.clock ?? fast(), ...extra });

  it('keeps input order, sends the User-Agent, and never runs more than limit at once', async () => {
    const clock = fast();
    let inFlight = 0;
    let peak = 0;
    const transport: RoundTripper = async (r) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await clock.sleep(10);
      inFlight--;
      return { status: r.headers['User-Agent'] === 'test-agent' ? 200 : 403, headers: {}, request: r };
    };
    const links = Array.from({ length: 12 }, (_, i) => `https://a.example/${i}`);
    const results = await checker(transport, { clock }).checkAll(new AbortController().signal, links);
    assert.deepEqual(results.map((r) => r.url), links);
    assert.ok(results.every((r) => r.verdict === 'OK'));
    assert.equal(peak, 3);
  });

  it('a request slower than the timeout is FAIL with context deadline exceeded, code 0', async () => {
    const hang: RoundTripper = (r) => new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(r.signal.reason)));
    const [r] = await checker(hang).checkAll(new AbortController().signal, ['https://slow.example/x']);
    assert.equal(r!.verdict, 'FAIL');
    assert.equal(r!.code, 0);
    assert.equal(r!.err?.message, 'Get "https://slow.example/x": context deadline exceeded');
  });

  it('one failing link cancels nothing else (the zero-value Group)', async () => {
    const results = await checker(serve((url) => (url.includes('bad') ? new Error('boom') : { status: 200 }))).checkAll(new AbortController().signal, [
      'https://a.example/bad',
      'https://a.example/good',
    ]);
    assert.deepEqual(results.map((r) => r.verdict), ['FAIL', 'OK']);
  });

  it('retries 5xx and network errors with doubling back-off, not 4xx or unparsable URLs', async () => {
    const clock = fast();
    const calls = new Map<string, number[]>();
    const transport = serve((url) => {
      calls.set(url, [...(calls.get(url) ?? []), clock.now()]);
      if (url.includes('503')) return { status: 503 };
      if (url.includes('reset')) return new Error('read tcp: connection reset by peer');
      return { status: 403 };
    });
    const waits: number[] = [];
    const c = checker(transport, { clock, retries: 2, backoffMs: 100, jitter: () => 0.5, onRetry: (_l, _a, ms) => waits.push(ms) });
    const results = await c.checkAll(new AbortController().signal, ['https://a.example/503', 'https://a.example/reset', 'https://a.example/403', 'not a url']);
    assert.deepEqual(results.map((r) => [r.verdict, r.attempts]), [
      ['FAIL', 3],
      ['FAIL', 3],
      ['CHECK', 1],
      ['FAIL', 1],
    ]);
    assert.deepEqual(calls.get('https://a.example/503'), [0, 125, 375], 'waits 100 + 50%, then 200 + 50%');
    assert.deepEqual(waits, [125, 125, 250, 250]);
    assert.equal(retryable(results[3]!), false);
  });

  it('a retry that succeeds gives the link its real verdict', async () => {
    let n = 0;
    const c = checker(serve(() => (++n === 1 ? { status: 502 } : { status: 404 })), { retries: 2, backoffMs: 10 });
    const [r] = await c.checkAll(new AbortController().signal, ['https://a.example/p']);
    assert.deepEqual([r!.verdict, r!.attempts, r!.code], ['DEAD', 2, 404]);
  });
});

describe('politeTransport: one request per host at a time, and a pause between them', () => {
  function recorder(clock: VirtualClock, latency = 50) {
    const log: Array<{ host: string; start: number; end: number }> = [];
    const rt: RoundTripper = async (r) => {
      const entry = { host: r.url.host, start: clock.now(), end: 0 };
      await clock.sleep(latency, r.signal);
      entry.end = clock.now();
      log.push(entry);
      return { status: 200, headers: {}, request: r };
    };
    return { log, rt };
  }

  it('serialises one host, with delayMs from the end of one request to the start of the next', async () => {
    const clock = fast();
    const { log, rt } = recorder(clock);
    const polite = politeTransport(rt, { delayMs: 100, clock });
    await Promise.all(['/a', '/b', '/c'].map((p) => polite(req(`https://one.example${p}`))));
    assert.deepEqual(log.map((e) => [e.start, e.end]), [
      [0, 50],
      [150, 200],
      [300, 350],
    ]);
  });

  it('different hosts do not wait for each other', async () => {
    const clock = fast();
    const { log, rt } = recorder(clock);
    const polite = politeTransport(rt, { delayMs: 100, clock });
    await Promise.all(['https://one.example/a', 'https://two.example/a', 'https://ONE.example/b'].map((u) => polite(req(u))));
    assert.deepEqual(log.map((e) => [e.host, e.start]), [
      ['one.example', 0],
      ['two.example', 0],
      ['ONE.example', 150],
    ]);
  });

  it('a request whose context ends while it waits for the host gives up and does not hold the host', async () => {
    const clock = fast();
    const { log, rt } = recorder(clock);
    const polite = politeTransport(rt, { delayMs: 0, clock });
    const impatient = new AbortController();
    void clock.sleep(10).then(() => impatient.abort(new Error('context deadline exceeded')));
    const results = await Promise.allSettled([polite(req('https://one.example/a')), polite(req('https://one.example/b', impatient.signal)), polite(req('https://one.example/c'))]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
    assert.deepEqual(log.map((e) => e.start), [0, 50]);
  });
});
