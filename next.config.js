import { readFileSync } from 'node:fs';

/** The same headers ship with `next start` here and with the static export (scripts/write-host-config.ts). */
const { headers: pageHeaders } = JSON.parse(readFileSync(new URL('./lib/http-headers.json', import.meta.url), 'utf8'));
const isStaticExport = process.env.EXPORT === '1';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // next start would hash every page's whole HTML on every request for an ETag: about a sixth of
  // its CPU per article request, and what made the load test drop connections. Pages are static
  // and their assets are content-hashed, so a repeat visit costs one uncached HTML document.
  generateEtags: false,
  // mdx-bundler drives esbuild's native binary at build time; it must not be bundled.
  serverExternalPackages: ['esbuild', 'mdx-bundler'],
  images: { unoptimized: true },
  ...(isStaticExport
    ? { output: 'export' } // writes out/; note it also rebuilds .next in export mode (scripts/finish-export.ts)
    : {
        async headers() {
          return [{ source: '/:path*', headers: pageHeaders }];
        },
      }),
};

export default nextConfig;
