import { readFileSync } from 'node:fs';

/** The same headers ship with `next start` here and with the static export (scripts/write-host-config.ts). */
const { headers: pageHeaders } = JSON.parse(readFileSync(new URL('./lib/http-headers.json', import.meta.url), 'utf8'));
const isStaticExport = process.env.EXPORT === '1';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
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
