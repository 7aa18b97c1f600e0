import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { acceptsBrotli, brotliResponse, loadBrotliAssets, writeBrotliAssets } from '../../scripts/brotli-assets.mjs';

const PAGE_HEADERS = [{ key: 'Cross-Origin-Resource-Policy', value: 'same-origin' }];

function buildWithAssets() {
  const distDir = mkdtempSync(path.join(tmpdir(), 'gfg-brotli-'));
  mkdirSync(path.join(distDir, 'static', 'chunks'), { recursive: true });
  mkdirSync(path.join(distDir, 'static', 'media'), { recursive: true });
  writeFileSync(path.join(distDir, 'static', 'chunks', 'app-0abc.js'), 'console.log("hello");'.repeat(200));
  writeFileSync(path.join(distDir, 'static', 'chunks', 'site-1def.css'), 'body{margin:0}'.repeat(100));
  writeFileSync(path.join(distDir, 'static', 'media', 'font.woff2'), 'not compressible here');
  return distDir;
}

describe('brotli copies of the build’s scripts and styles', () => {
  test('each script and style gets a copy that decompresses to the same bytes; other files none', () => {
    const distDir = buildWithAssets();
    assert.equal(writeBrotliAssets(distDir).files, 2);
    const assets = loadBrotliAssets(distDir, PAGE_HEADERS);
    assert.deepEqual([...assets.keys()].sort(), ['/_next/static/chunks/app-0abc.js', '/_next/static/chunks/site-1def.css']);
    const script = assets.get('/_next/static/chunks/app-0abc.js')!;
    assert.equal(script.headers['Content-Type'], 'application/javascript; charset=UTF-8');
    assert.deepEqual(brotliDecompressSync(script.body), readFileSync(path.join(distDir, 'static', 'chunks', 'app-0abc.js')));
    assert.ok(script.body.length < 200, `compressed to ${script.body.length} bytes`);
  });

  test('a build without copies serves none', () => {
    assert.equal(loadBrotliAssets(buildWithAssets(), PAGE_HEADERS).size, 0);
  });

  test('Accept-Encoding: br counts unless refused with q=0', () => {
    assert.equal(acceptsBrotli('gzip, deflate, br, zstd'), true);
    assert.equal(acceptsBrotli('br;q=0.5'), true);
    assert.equal(acceptsBrotli('gzip, BR'), true);
    assert.equal(acceptsBrotli('br;q=0, gzip'), false);
    assert.equal(acceptsBrotli('br;q=0.0'), false);
    assert.equal(acceptsBrotli('gzip, deflate'), false);
    assert.equal(acceptsBrotli('brotli'), false);
    assert.equal(acceptsBrotli(undefined), false);
  });

  test('only GET and HEAD of a known asset, from a client that takes brotli, without a range', () => {
    const distDir = buildWithAssets();
    writeBrotliAssets(distDir);
    const assets = loadBrotliAssets(distDir, PAGE_HEADERS);
    const url = '/_next/static/chunks/app-0abc.js';
    const answer = (method: string, requestUrl: string, headers: Record<string, string> = { 'accept-encoding': 'gzip, br' }) => brotliResponse(assets, { method, url: requestUrl, headers });

    const get = answer('GET', url)!;
    assert.equal(get.headers['Content-Encoding'], 'br');
    assert.equal(get.headers['Content-Length'], String(assets.get(url)!.body.length));
    assert.equal(get.headers['Cache-Control'], 'public, max-age=31536000, immutable');
    assert.equal(get.headers.Vary, 'Accept-Encoding');
    assert.equal(get.headers['Cross-Origin-Resource-Policy'], 'same-origin', 'the headers every response carries');
    assert.equal(get.body, assets.get(url)!.body);
    assert.equal(answer('GET', `${url}?dpl=1`)?.body, assets.get(url)!.body, 'a query string does not matter');
    assert.equal(answer('HEAD', url)?.body, undefined);
    assert.equal(answer('HEAD', url)?.headers['Content-Length'], get.headers['Content-Length']);

    assert.equal(answer('POST', url), undefined);
    assert.equal(answer('GET', url, { 'accept-encoding': 'gzip' }), undefined);
    assert.equal(answer('GET', url, { 'accept-encoding': 'br', range: 'bytes=0-10' }), undefined);
    assert.equal(answer('GET', '/_next/static/chunks/missing.js'), undefined);
    assert.equal(answer('GET', '/_next/static/chunks/../chunks/app-0abc.js'), undefined, 'exact paths only');
  });
});

describe('Go files under /_next/static/go/ (scripts/go-wasm.ts)', () => {
  test('WebAssembly and archives are served as brotli with their types; copies made by the Go step are kept', () => {
    const distDir = buildWithAssets();
    mkdirSync(path.join(distDir, 'static', 'go', 'toolchain'), { recursive: true });
    const wasm = Buffer.from('\0asm'.repeat(500));
    writeFileSync(path.join(distDir, 'static', 'go', 'errgroup.0123456789abcdef.wasm'), wasm);
    // A copy the Go step made (brotli at quality 11 of the 50 MB compiler takes minutes): kept as it is.
    const made = Buffer.from('precompressed by go-wasm');
    writeFileSync(path.join(distDir, 'static', 'go', 'errgroup.0123456789abcdef.wasm.br'), made);
    writeFileSync(path.join(distDir, 'static', 'go', 'toolchain', 'fmt.0123456789abcdef.a'), Buffer.from('!<arch>\n'.repeat(100)));
    writeBrotliAssets(distDir);
    assert.deepEqual(readFileSync(path.join(distDir, 'static', 'go', 'errgroup.0123456789abcdef.wasm.br')), made);
    const assets = loadBrotliAssets(distDir, PAGE_HEADERS);
    const served = assets.get('/_next/static/go/errgroup.0123456789abcdef.wasm')!;
    assert.equal(served.headers['Content-Type'], 'application/wasm');
    assert.equal(served.headers['Cache-Control'], 'public, max-age=31536000, immutable');
    const archive = assets.get('/_next/static/go/toolchain/fmt.0123456789abcdef.a')!;
    assert.equal(archive.headers['Content-Type'], 'application/octet-stream');
    assert.equal(brotliDecompressSync(archive.body).toString(), '!<arch>\n'.repeat(100));
  });
});
