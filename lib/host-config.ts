import pageHeaders from './http-headers.json';

export interface HeaderRule {
  key: string;
  value: string;
}

export const PAGE_HEADERS: HeaderRule[] = pageHeaders.headers;

/** Netlify / Cloudflare Pages `_headers`: the same headers on every path. */
export function headersFile(headers: HeaderRule[] = PAGE_HEADERS): string {
  return ['/*', ...headers.map((h) => `  ${h.key}: ${h.value}`)].join('\n') + '\n';
}

/** An nginx server-block snippet serving the export with the same headers and clean URLs. */
export function nginxSnippet(headers: HeaderRule[] = PAGE_HEADERS): string {
  const lines = headers.map((h) => `    add_header ${h.key} "${h.value}" always;`);
  return `# Go Field Guide static export: include inside a server { } block.
# root /var/www/go-field-guide/out;
location / {
${lines.join('\n')}
    try_files $uri $uri.html $uri/index.html =404;
}
error_page 404 /404.html;
types { application/atom+xml xml; }
`;
}

/** Parse a `_headers` file back into path rules, as a static host would read it. */
export function parseHeadersFile(text: string): { pattern: string; headers: HeaderRule[] }[] {
  const rules: { pattern: string; headers: HeaderRule[] }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: [] });
    else {
      const [key, ...rest] = line.trim().split(':');
      rules.at(-1)?.headers.push({ key: key!.trim(), value: rest.join(':').trim() });
    }
  }
  return rules;
}
