/**
 * linkcheck.ts: a port of content/go/linkcheck/main.go (this repository, the article's tested
 * program), with two additions the article leaves to the reader: retries with exponential
 * back-off for 5xx answers and network errors, and per-host politeness (politeTransport).
 *
 * From linkcheck, unchanged in meaning:
 * - checkAll: an errgroup.Group (not WithContext: one bad link must not cancel the rest) with
 *   setLimit(limit); each link's task writes only its own slot, so results keep input order.
 * - check: one GET with a per-request timeout (redirects included) and the User-Agent set.
 * - classify: 404 and 410 are DEAD; 5xx is FAIL; any other 4xx (401, 403, 429...) is CHECK;
 *   below 400, a final host other than the first (ignoring a leading "www.") is MOVED, a post
 *   sent to the site's root is HOME, anything else OK. A network error is FAIL.
 * - report: one line per link that is not OK, then the counts.
 *
 * The additions:
 * - checkWithRetries: a FAIL that came from a 5xx or a network error (not from a URL that
 *   cannot be parsed) is tried again, up to `retries` times, after backoffMs * 2^attempt
 *   plus a jitter of up to half of that. Each attempt has its own timeout, as check has.
 * - politeTransport: at most one request in flight per host, and at least delayMs between the
 *   end of one request to a host and the start of the next. It wraps the transport, so every
 *   redirect hop is polite too. Waiting for a host counts against the request's timeout.
 */
import { Group } from './errgroup';
import { parseUrl, type Client, type Request, type RoundTripper, type Url } from './http';

export type Verdict = 'OK' | 'DEAD' | 'CHECK' | 'FAIL' | 'MOVED' | 'HOME';

export interface Result {
  url: string;
  /** URL after redirects, empty if the request failed. */
  final: string;
  /** HTTP status, 0 if the request failed. */
  code: number;
  err?: Error;
  verdict: Verdict;
  /** Requests made for this link, retries included (1 without retries). */
  attempts: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** context.DeadlineExceeded's message. */
export const deadlineExceeded = 'context deadline exceeded';

/** bareHost ignores a leading "www.", which sites add and drop freely. */
export function bareHost(u: Url): string {
  const host = u.host.toLowerCase();
  return host.startsWith('www.') ? host.slice(4) : host;
}

const trimSlashes = (s: string): string => s.replace(/^\/+|\/+$/g, '');

/** classify turns a completed request into a verdict. */
export function classify(r: Pick<Result, 'url' | 'final' | 'code'>): Verdict {
  if (r.code === 404 || r.code === 410) return 'DEAD';
  if (r.code >= 500) return 'FAIL';
  if (r.code >= 400) return 'CHECK';
  let from: Url;
  let to: Url;
  try {
    from = parseUrl(r.url);
    to = parseUrl(r.final);
  } catch {
    return 'CHECK';
  }
  if (bareHost(from) !== bareHost(to)) return 'MOVED';
  if (trimSlashes(from.path) !== '' && trimSlashes(to.path) === '') return 'HOME';
  return 'OK';
}

/** Whether a FAIL is worth another try: a 5xx or a network error, not a URL that does not parse. */
export function retryable(r: Result): boolean {
  return r.verdict === 'FAIL' && (r.code >= 500 || (r.err !== undefined && !r.err.message.startsWith('parse ')));
}

export interface CheckerOptions {
  client: Client;
  /** Requests in flight at most. */
  limit: number;
  /** Per request, redirects included (ms). */
  timeoutMs: number;
  userAgent: string;
  clock: Clock;
  /** Extra attempts for a retryable FAIL. Default 0: linkcheck as the article ships it. */
  retries?: number;
  backoffMs?: number;
  /** Jitter in [0, 1) for link i's attempt; default none. */
  jitter?: (index: number, attempt: number) => number;
  /** Called before each retry's back-off. */
  onRetry?: (link: string, attempt: number, waitMs: number, r: Result) => void;
  /** Called with each link's final result as it completes. */
  onResult?: (r: Result, index: number) => void;
}

export class Checker {
  constructor(private readonly o: CheckerOptions) {}

  /** CheckAll checks every link and returns the results in input order. */
  async checkAll(signal: AbortSignal, links: readonly string[]): Promise<Result[]> {
    const results = new Array<Result>(links.length);
    const g = new Group(); // not withContext: one bad link must not cancel the rest
    g.setLimit(this.o.limit);
    for (const [i, link] of links.entries()) {
      await g.go(async () => {
        results[i] = await this.checkWithRetries(signal, link, i); // each task writes only its own slot
        this.o.onResult?.(results[i], i);
      });
    }
    await g.wait(); // every task returns nothing: a dead link is a finding, not an error
    return results;
  }

  async checkWithRetries(signal: AbortSignal, link: string, index: number): Promise<Result> {
    const retries = this.o.retries ?? 0;
    const base = this.o.backoffMs ?? 0;
    for (let attempt = 0; ; attempt++) {
      const r = await this.check(signal, link);
      r.attempts = attempt + 1;
      if (attempt >= retries || !retryable(r) || signal.aborted) return r;
      const backoff = base * 2 ** attempt;
      const wait = Math.round(backoff + (backoff / 2) * (this.o.jitter?.(index, attempt) ?? 0));
      this.o.onRetry?.(link, attempt + 1, wait, r);
      try {
        await this.o.clock.sleep(wait, signal);
      } catch {
        return r;
      }
    }
  }

  /** linkcheck's check: one GET under a per-request timeout. */
  async check(parent: AbortSignal, link: string): Promise<Result> {
    const ctx = new AbortController(); // context.WithTimeout(ctx, c.Timeout)
    const timer = new AbortController();
    const onParent = (): void => ctx.abort(parent.reason);
    if (parent.aborted) ctx.abort(parent.reason);
    else parent.addEventListener('abort', onParent, { once: true });
    this.o.clock.sleep(this.o.timeoutMs, timer.signal).then(
      () => ctx.abort(new Error(deadlineExceeded)),
      () => {},
    );
    const r: Result = { url: link, final: '', code: 0, verdict: 'FAIL', attempts: 1 };
    try {
      let req: Request;
      try {
        req = { method: 'GET', url: parseUrl(link), headers: { 'User-Agent': this.o.userAgent }, signal: ctx.signal };
      } catch (err) {
        r.err = err as Error;
        return r;
      }
      try {
        const resp = await this.o.client.do(req);
        r.code = resp.status;
        r.final = `${resp.request.url.scheme}://${resp.request.url.host}${resp.request.url.path}${resp.request.url.query}`;
        r.verdict = classify(r);
      } catch (err) {
        r.err = err as Error;
      }
      return r;
    } finally {
      timer.abort(); // defer cancel()
      parent.removeEventListener('abort', onParent);
    }
  }
}

/** report prints one line per link that is not OK and a summary; it returns the number of links that need attention. */
export function report(write: (line: string) => void, results: readonly Result[]): number {
  const counts: Record<Verdict, number> = { OK: 0, DEAD: 0, CHECK: 0, FAIL: 0, MOVED: 0, HOME: 0 };
  for (const r of results) {
    counts[r.verdict]++;
    const v = r.verdict.padEnd(5);
    switch (r.verdict) {
      case 'OK':
        break;
      case 'FAIL':
        write(r.err ? `${v} ${r.url} (${r.err.message})` : `${v} ${r.url} (${r.code})`);
        break;
      case 'MOVED':
      case 'HOME':
        write(`${v} ${r.url} -> ${r.final}`);
        break;
      default:
        write(`${v} ${r.url} (${r.code})`);
    }
  }
  write(`${results.length} links: ${counts.OK} ok, ${counts.DEAD} dead, ${counts.CHECK} check, ${counts.FAIL} fail, ${counts.MOVED} moved, ${counts.HOME} home`);
  return results.length - counts.OK;
}

export interface PoliteOptions {
  delayMs: number;
  clock: Clock;
  /** Called when a request waits for its host, with how long it will wait at least. */
  onWait?: (req: Request, why: 'busy' | 'delay', ms: number) => void;
}

interface HostGate {
  busy: boolean;
  queue: Array<() => void>;
  lastEnd: number;
}

/** At most one request per host at a time, and delayMs between requests to one host. */
export function politeTransport(next: RoundTripper, o: PoliteOptions): RoundTripper {
  const gates = new Map<string, HostGate>();
  return async (req) => {
    const host = req.url.host.toLowerCase();
    let gate = gates.get(host);
    if (!gate) {
      gate = { busy: false, queue: [], lastEnd: -Infinity };
      gates.set(host, gate);
    }
    const g = gate;
    if (g.busy) {
      o.onWait?.(req, 'busy', 0);
      await new Promise<void>((resolve, reject) => {
        const grant = (): void => {
          req.signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          g.queue = g.queue.filter((x) => x !== grant);
          reject(req.signal.reason);
        };
        req.signal.addEventListener('abort', onAbort, { once: true });
        g.queue.push(grant);
      });
    } else g.busy = true;
    let sent = false;
    try {
      const wait = g.lastEnd + o.delayMs - o.clock.now();
      if (wait > 0) {
        o.onWait?.(req, 'delay', wait);
        await o.clock.sleep(wait, req.signal);
      }
      sent = true;
      return await next(req);
    } finally {
      if (sent) g.lastEnd = o.clock.now();
      const grant = g.queue.shift();
      if (grant) grant(); // the host passes straight to the next waiter
      else g.busy = false;
    }
  };
}
