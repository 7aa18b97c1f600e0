import type { IncomingHttpHeaders } from 'node:http';

export interface BrotliAsset {
  body: Buffer;
  /** The whole response's headers, computed once. */
  headers: Record<string, string>;
}
export function writeBrotliAssets(distDir: string): { files: number; raw: number; brotli: number };
export function loadBrotliAssets(distDir: string, pageHeaders: readonly { key: string; value: string }[]): Map<string, BrotliAsset>;
export function acceptsBrotli(acceptEncoding: string | undefined): boolean;
export function brotliResponse(
  assets: Map<string, BrotliAsset>,
  request: { method?: string; url?: string; headers: IncomingHttpHeaders },
): { headers: Record<string, string>; body: Buffer | undefined } | undefined;
