/**
 * http.ts: the part of Go's net/http and net/url a link checker touches, as a small model.
 *
 * - Url: scheme, host, path and query, parsed and printed like net/url for absolute
 *   http(s) URLs; resolve() follows url.URL.ResolveReference for a Location header
 *   (absolute, scheme-relative "//host/p", absolute-path "/p" and relative "p").
 * - Client.do(req): net/http's Client.Do. It sends the request through a RoundTripper and
 *   follows redirects itself: 301, 302, 303, 307 and 308 with a Location header (client.go's
 *   redirectBehavior), at most 10 (defaultCheckRedirect: "stopped after 10 redirects").
 *   A 3xx without Location is returned as it is. The response's request is the last one
 *   sent, so response.request.url is the final URL. A transport error comes back as a
 *   url.Error: `Get "<url>": <cause>`.
 * - Only http and https are sent: anything else fails with `unsupported protocol scheme "ftp"`.
 * - The request's signal is its context: a transport must stop when it aborts, and the error
 *   is then the signal's reason (Go: ctx.Err(), "context deadline exceeded").
 */

export interface Url {
  scheme: string;
  host: string;
  path: string;
  query: string; // with its "?", or ""
}

const absolute = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(?:#.*)?$/;

/** url.Parse for absolute URLs; throws like http.NewRequest does for anything else. */
export function parseUrl(raw: string): Url {
  const m = absolute.exec(raw);
  if (!m) throw new Error(`parse "${raw}": invalid URI for request`);
  return { scheme: m[1]!.toLowerCase(), host: m[2]!, path: m[3]!, query: m[4] ?? '' };
}

export function formatUrl(u: Url): string {
  return `${u.scheme}://${u.host}${u.path}${u.query}`;
}

/** url.URL.ResolveReference for a Location header. */
export function resolve(base: Url, ref: string): Url {
  if (absolute.test(ref)) return parseUrl(ref);
  if (ref.startsWith('//')) return parseUrl(`${base.scheme}:${ref}`);
  const [pathPart, query = ''] = ref.split(/(?=\?)/);
  if (ref.startsWith('/')) return { ...base, path: pathPart!, query };
  const dir = base.path.slice(0, base.path.lastIndexOf('/') + 1) || '/';
  const segments: string[] = [];
  for (const s of (dir + pathPart).split('/')) {
    if (s === '..') segments.pop();
    else if (s !== '.') segments.push(s);
  }
  return { ...base, path: segments.join('/'), query };
}

export interface Request {
  method: 'GET';
  url: Url;
  headers: Record<string, string>;
  /** The request's context. */
  signal: AbortSignal;
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  /** The request that produced this response: after redirects, the last one. */
  request: Request;
}

/** http.RoundTripper: one request, one response; rejects on a transport error. */
export type RoundTripper = (req: Request) => Promise<Response>;

const redirectCodes = new Set([301, 302, 303, 307, 308]);

export class Client {
  constructor(private readonly transport: RoundTripper) {}

  async do(req: Request): Promise<Response> {
    let current = req;
    for (let redirects = 0; ; redirects++) {
      let resp: Response;
      try {
        if (current.url.scheme !== 'http' && current.url.scheme !== 'https') throw new Error(`unsupported protocol scheme "${current.url.scheme}"`);
        resp = await this.transport(current);
      } catch (err) {
        throw new Error(`Get "${formatUrl(current.url)}": ${err instanceof Error ? err.message : String(err)}`, { cause: err }); // url.Error's Err
      }
      const location = resp.headers['Location'];
      if (!redirectCodes.has(resp.status) || location === undefined) return resp;
      const next = { ...current, url: resolve(current.url, location) };
      if (redirects === 10) throw new Error(`Get "${formatUrl(next.url)}": stopped after 10 redirects`);
      current = next;
    }
  }
}
