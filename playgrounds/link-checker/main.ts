/**
 * link-checker: checking a 2017 reading list, politely, against an in-memory web.
 *
 * The article's tested program (content/go/linkcheck) fetches every link of a reading list,
 * a bounded number at a time with an errgroup, and sorts each answer into a verdict: OK,
 * DEAD (404, 410), CHECK (401, 403, 429 and other 4xx: open it by hand), FAIL (5xx and network
 * errors), MOVED (now on another host) or HOME (sent to the site's home page). This demo adds
 * what the article leaves to you: one request per host at a time with a pause between them,
 * and retries with back-off for 5xx answers and network errors. The web is a table of
 * made-up sites (the .example domains are reserved for examples), since the sandbox has no
 * network; main.go runs the same checks through net/http's real client and redirect logic,
 * with an http.RoundTripper serving the same table.
 */
import { Checker, politeTransport, report, type Verdict } from './linkcheck';
import { Client, formatUrl, parseUrl, type Request, type Response, type RoundTripper } from './http';
import { VirtualClock } from '../_shared/clock';
import { createRandom } from '../_shared/random';
import { instant, milestone, span } from '../_shared/trace';
import { bold, cyan, dim, green, heading, log, red, setLogClock, yellow } from '../_shared/term';
import { runMain } from '../_shared/program';

// ── Try changing these ────────────────────────────────────────────────────────────
const SEED = 3; // the back-off jitter
const LIMIT = 4; // errgroup SetLimit: requests in flight at most (the article's program uses 8)
const TIMEOUT_MS = 1000; // per request, redirects and waiting for the host included
const POLITE = true; // at most one request in flight per host, and a pause between them (false: neither)
const HOST_DELAY_MS = 250; // the pause between requests to one host (0: none, and smallblog answers 429)
const RETRIES = 2; // extra attempts for a 5xx or a network error (0: linkcheck as shipped)
const BACKOFF_MS = 200; // first back-off; it doubles each time, plus up to half again as jitter
const SPEED = 1; // 2 runs twice as fast; the output stays the same

type Page =
  | { status: number; location?: string } // an answer; a 3xx with location redirects
  | { failFirst: number; failStatus: number } // answers failStatus to the first attempts, then 200
  | { resetFirst: number }; // the connection is reset on the first attempts, then 200

interface Site {
  latencyMs: number;
  pages?: Record<string, Page>;
  down?: boolean; // the domain lapsed: the name does not resolve
  hang?: boolean; // accepts the connection and never answers
  minIntervalMs?: number; // a small blog: 429 to a request sooner than this after the last, or overlapping one
}

// The web the reading list points at.
const SITES: Record<string, Site> = {
  'lstm-notes.example': { latencyMs: 90, pages: { '/posts/understanding-lstms/': { status: 200 }, '/posts/conv-nets-modular/': { status: 200 } } },
  'www.dl-book.example': { latencyMs: 40, pages: { '/contents/ml.html': { status: 301, location: 'https://dl-book.example/contents/ml.html' } } },
  'dl-book.example': { latencyMs: 70, pages: { '/contents/ml.html': { status: 200 } } },
  'rnn-blog.example': { latencyMs: 60, pages: { '/2015/05/21/rnn-effectiveness/': { status: 200 } } }, // http -> https below
  'ml-tutorials.example': { latencyMs: 80, pages: { '/2017/intro-to-cnns': { status: 302, location: '/' }, '/': { status: 200 } } },
  'oldblog.example': { latencyMs: 50, pages: { '/2016/word2vec-tutorial': { status: 301, location: 'https://newblog.example/word2vec-tutorial' } } },
  'newblog.example': { latencyMs: 110, pages: { '/word2vec-tutorial': { status: 200 } } },
  'papers.example': { latencyMs: 130, pages: { '/abs/1706.03762': { failFirst: 1, failStatus: 503 } } },
  'smallblog.example': { latencyMs: 60, minIntervalMs: 200, pages: { '/backprop': { status: 200 }, '/gradient-descent': { status: 200 }, '/softmax': { status: 200 } } },
  'course.example': { latencyMs: 70, pages: { '/cs231n/notes-2017': { status: 404 }, '/cs224n/syllabus-2017': { status: 410 } } },
  'forum.example': { latencyMs: 90, pages: { '/t/nlp-reading-group': { status: 403 } } }, // a bot block
  'members.example': { latencyMs: 60, pages: { '/deep-learning-course': { status: 401 } } },
  'ml-tutorials-2017.example': { latencyMs: 20, down: true },
  'gpu-lab.example': { latencyMs: 100, pages: { '/notes': { status: 500 } } },
  'flaky.example': { latencyMs: 80, pages: { '/tensorflow-basics': { resetFirst: 1 } } },
  'slow.example': { latencyMs: 0, hang: true },
};

// The reading list, as linkcheck reads it: one URL a line, '#' lines skipped.
const READING_LIST = `
# stage 3: neural networks from the inside
https://lstm-notes.example/posts/understanding-lstms/
https://lstm-notes.example/posts/conv-nets-modular/
https://www.dl-book.example/contents/ml.html
http://rnn-blog.example/2015/05/21/rnn-effectiveness/
https://ml-tutorials.example/2017/intro-to-cnns
https://oldblog.example/2016/word2vec-tutorial
https://papers.example/abs/1706.03762
https://smallblog.example/backprop
https://smallblog.example/gradient-descent
https://smallblog.example/softmax
# stage 5: specialised areas
https://course.example/cs231n/notes-2017
https://course.example/cs224n/syllabus-2017
https://forum.example/t/nlp-reading-group
https://members.example/deep-learning-course
https://ml-tutorials-2017.example/keras-intro
https://gpu-lab.example/notes
https://flaky.example/tensorflow-basics
https://slow.example/theano-tutorial
`;
// ──────────────────────────────────────────────────────────────────────────────────

const clock = new VirtualClock({ pace: 1 / SPEED });
setLogClock(clock);

/** readLinks: the non-blank lines that do not start with '#'. */
function readLinks(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

// ── the in-memory web: an http.RoundTripper that computes each answer ──────────────

const attemptsByUrl = new Map<string, number>();
const inFlight = new Map<string, number>();
const lastArrival = new Map<string, number>();
let peakPerHost = 0;
let tooManyRequests = 0;
let redirects = 0;

const web: RoundTripper = async (req: Request): Promise<Response> => {
  const host = req.url.host;
  const site = SITES[host];
  const url = formatUrl(req.url);
  const attempt = (attemptsByUrl.get(url) ?? 0) + 1;
  attemptsByUrl.set(url, attempt);
  const s = span(host, `GET ${req.url.path || '/'}`);
  const answer = (status: number, headers: Record<string, string> = {}): Response => {
    s.end(status === 429 ? 'rejected' : status >= 400 ? 'error' : 'ok', `${status}${headers['Location'] ? ` -> ${headers['Location']}` : ''}`);
    if (headers['Location']) redirects++;
    return { status, headers, request: req };
  };
  const fail = (message: string, status: 'error' | 'cancelled' = 'error'): never => {
    s.end(status, message);
    throw new Error(message);
  };

  if (!site || site.down) {
    await clock.sleep(site?.latencyMs ?? 0);
    return fail(`dial tcp: lookup ${host}: no such host`);
  }
  const now = clock.now();
  const busy = inFlight.get(host) ?? 0;
  const tooSoon = site.minIntervalMs !== undefined && (busy > 0 || now - (lastArrival.get(host) ?? -Infinity) < site.minIntervalMs);
  lastArrival.set(host, now);
  inFlight.set(host, busy + 1);
  peakPerHost = Math.max(peakPerHost, busy + 1);
  try {
    if (site.hang) await new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason), { once: true }));
    else await clock.sleep(site.latencyMs, req.signal);
  } catch (reason) {
    return fail(reason instanceof Error ? reason.message : String(reason), 'cancelled');
  } finally {
    inFlight.set(host, (inFlight.get(host) ?? 1) - 1);
  }
  if (tooSoon) {
    tooManyRequests++;
    return answer(429, { 'Retry-After': '1' });
  }
  const page: Page = req.url.scheme === 'http' ? { status: 301, location: url.replace(/^http:/, 'https:') } : (site.pages?.[req.url.path] ?? { status: 404 });
  if ('failFirst' in page) return answer(attempt <= page.failFirst ? page.failStatus : 200);
  if ('resetFirst' in page) return attempt <= page.resetFirst ? fail('read tcp: connection reset by peer') : answer(200);
  return answer(page.status, page.location ? { Location: page.location } : {});
};

// ── the checker ────────────────────────────────────────────────────────────────────

const transport: RoundTripper = POLITE
  ? politeTransport(web, {
      delayMs: HOST_DELAY_MS,
      clock,
      onWait: (req, why, ms) => {
        if (why === 'delay') instant(req.url.host, `waits ${Math.round(ms)} ms`);
      },
    })
  : web;

const colour: Record<Verdict, (s: string) => string> = { OK: green, DEAD: red, CHECK: yellow, FAIL: red, MOVED: cyan, HOME: cyan };

async function main(): Promise<void> {
  const links = readLinks(READING_LIST);
  console.log(bold(`link checker: a ${links.length}-link reading list from 2017, against an in-memory web`));
  console.log(
    dim(
      `${LIMIT} requests at a time (errgroup SetLimit); ${POLITE ? `one request per host at a time, ${HOST_DELAY_MS} ms between them` : 'no per-host politeness'}; ` +
        `${TIMEOUT_MS} ms timeout; ${RETRIES} retries for 5xx and network errors, back-off from ${BACKOFF_MS} ms`,
    ),
  );
  heading('checking');
  const checker = new Checker({
    client: new Client(transport),
    limit: LIMIT,
    timeoutMs: TIMEOUT_MS,
    userAgent: 'reading-list-check/1.0',
    clock,
    retries: RETRIES,
    backoffMs: BACKOFF_MS,
    jitter: (i, attempt) => createRandom(SEED * 1000 + i * 16 + attempt).next(),
    onRetry: (link, attempt, wait, r) => {
      log(yellow(`retry ${attempt} of ${RETRIES} in ${wait} ms: ${link} (${r.err ? r.err.message.replace(/^Get "[^"]*": /, '') : r.code})`));
      instant(parseUrl(link).host, `retry in ${wait} ms`, 'warn');
    },
    onResult: (r) => {
      const tries = r.attempts > 1 ? dim(` after ${r.attempts} attempts`) : '';
      const what = r.err ? r.err.message.replace(/^Get "[^"]*": /, '') : `${r.code}${r.final && r.final !== r.url ? ` at ${r.final}` : ''}`;
      log(`${colour[r.verdict](r.verdict.padEnd(5))} ${r.url} ${dim(what)}${tries}`);
    },
  });

  const started = clock.now();
  const results = await checker.checkAll(new AbortController().signal, links);
  const tookMs = clock.now() - started;

  heading('linkcheck\'s report');
  const needAttention = report((line) => console.log(`  ${line}`), results);

  const counts = results.reduce<Record<Verdict, number>>((c, r) => ((c[r.verdict] += 1), c), { OK: 0, DEAD: 0, CHECK: 0, FAIL: 0, MOVED: 0, HOME: 0 });
  const retried = results.reduce((n, r) => n + r.attempts - 1, 0);
  const saved = results.filter((r) => r.attempts > 1 && r.verdict !== 'FAIL').length;
  // Facts the Go original establishes too; a test compares them.
  milestone('verdicts', Object.entries(counts).map(([v, n]) => `${v.toLowerCase()} ${n}`).join(', '));
  milestone('retries', retried);
  milestone('links a retry saved', saved);
  milestone('redirects followed', redirects);
  milestone('most requests at once to one host', peakPerHost);
  milestone('429 answers', tooManyRequests);

  heading('summary');
  console.log(`  ${links.length} links checked in ${(tookMs / 1000).toFixed(2)} s; ${needAttention} need attention`);
  console.log(`  verdicts   ${(Object.keys(counts) as Verdict[]).map((v) => `${colour[v](v)} ${counts[v]}`).join('  ')}`);
  console.log(`  retries    ${retried} extra requests; ${saved} links that failed at first got a verdict on a retry`);
  console.log(`  redirects  ${redirects} followed (www and http->https changes stay OK; another host is MOVED; the root is HOME)`);
  console.log(`  politeness at most ${peakPerHost} request${peakPerHost === 1 ? '' : 's'} at once to one host; ${tooManyRequests} answers of 429 from smallblog.example`);
  console.log(dim('  CHECK is not DEAD: 401, 403 and 429 often mean a bot block; open those links in a browser.'));
}

runMain(main);
