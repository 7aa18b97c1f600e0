/**
 * What a page's first-load JavaScript is made of: a production build with browser source maps
 * (in a private copy, the project's config wrapped to turn them on), and every minified byte of
 * the page's scripts attributed to the source file it came from, grouped into React DOM, React,
 * the Next.js router and runtime, Turbopack's runtime, and the site's own files.
 *
 *   npm run bench -- --only first-load --breakdown
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { scriptUrlsInHtml } from '../../lib/perf/first-load';
import { BENCH_DIR, cleanBuild, copyProject } from './build';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = B64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

interface RawMap {
  sources: string[];
  mappings: string;
}
interface IndexMap {
  sections: { offset: { line: number; column: number }; map: RawMap }[];
}

/** Minified text per source file, for one script and its (possibly indexed) source map. */
export function attributeScript(code: string, map: RawMap | IndexMap, into = new Map<string, string>()): Map<string, string> {
  const lines = code.split('\n');
  const sections = 'sections' in map ? map.sections : [{ offset: { line: 0, column: 0 }, map }];
  for (const { offset, map: section } of sections) {
    let source = 0;
    section.mappings.split(';').forEach((mappingLine, i) => {
      const text = lines[offset.line + i] ?? '';
      let column = 0;
      const segments: [number, number][] = [];
      for (const segment of mappingLine.split(',')) {
        if (!segment) continue;
        const fields = decodeVlq(segment);
        column += fields[0]!;
        if (fields.length > 1) source += fields[1]!;
        segments.push([column + (i === 0 ? offset.column : 0), fields.length > 1 ? source : -1]);
      }
      segments.forEach(([start, sourceIndex], k) => {
        const end = k + 1 < segments.length ? segments[k + 1]![0] : text.length;
        const name = sourceIndex >= 0 ? (section.sources[sourceIndex] ?? '(unknown)') : '(unmapped)';
        into.set(name, (into.get(name) ?? '') + text.slice(start, end));
      });
    });
  }
  return into;
}

/** The group a source file belongs to, for the summary. */
export function sourceGroup(source: string): string {
  const file = source.replace(/^turbopack:\/\/\/\[project\]\//, '');
  if (/node_modules\/next\/dist\/compiled\/react-dom\//.test(file)) return 'React DOM';
  if (/node_modules\/next\/dist\/compiled\/(react|scheduler|react-server-dom-[^/]+)\//.test(file)) return 'React, scheduler, RSC client';
  if (/node_modules\/next\//.test(file)) return 'Next.js router and client runtime';
  if (/^turbopack:\/\/\/\[turbopack\]/.test(file)) return 'Turbopack runtime';
  if (/node_modules\/@swc\/helpers\//.test(file)) return 'Next.js router and client runtime';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (pkg) return `package ${pkg[1]}`;
  if (file === '(unmapped)' || file === '(unknown)') return 'unmapped';
  return 'site code';
}

export interface Breakdown {
  page: string;
  totalGzip: number;
  groups: { group: string; minified: number; gzipAlone: number }[];
  siteFiles: { file: string; minified: number }[];
}

/** Attribute the first-load scripts of one prerendered page of a build made with source maps. */
export function breakdownPage(projectDir: string, page: string): Breakdown {
  const htmlFile = path.join(projectDir, '.next', 'server', 'app', page === '/' ? 'index.html' : `${page.replace(/^\//, '')}.html`);
  const html = readFileSync(htmlFile, 'utf8');
  const texts = new Map<string, string>();
  let totalGzip = 0;
  for (const url of scriptUrlsInHtml(html, 'http://localhost/')) {
    const file = path.join(projectDir, '.next', new URL(url).pathname.replace(/^\/_next\//, ''));
    const code = readFileSync(file, 'utf8');
    totalGzip += gzipSync(code).byteLength;
    const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code);
    const mapFile = ref ? path.join(path.dirname(file), ref[1]!) : `${file}.map`;
    if (!existsSync(mapFile)) {
      texts.set(`(no source map) ${path.basename(file)}`, code);
      continue;
    }
    attributeScript(code, JSON.parse(readFileSync(mapFile, 'utf8')) as RawMap | IndexMap, texts);
  }
  const groups = new Map<string, string>();
  const siteFiles: { file: string; minified: number }[] = [];
  for (const [source, text] of texts) {
    const group = sourceGroup(source);
    groups.set(group, (groups.get(group) ?? '') + text);
    if (group === 'site code') siteFiles.push({ file: source.replace(/^turbopack:\/\/\/\[project\]\//, ''), minified: text.length });
  }
  return {
    page,
    totalGzip,
    groups: [...groups].map(([group, text]) => ({ group, minified: text.length, gzipAlone: gzipSync(text).byteLength })).sort((a, b) => b.minified - a.minified),
    siteFiles: siteFiles.sort((a, b) => b.minified - a.minified),
  };
}

/** A build of the project with browser source maps, in its own copy; the config is wrapped, not edited. */
export async function buildWithSourceMaps(source: string): Promise<string> {
  const dir = path.join(BENCH_DIR, 'breakdown');
  copyProject(source, dir);
  const config = ['next.config.js', 'next.config.mjs'].find((name) => existsSync(path.join(dir, name)));
  if (!config) throw new Error('no next.config.js or next.config.mjs to wrap');
  const base = `next.config.bench-base${path.extname(config)}`;
  renameSync(path.join(dir, config), path.join(dir, base));
  writeFileSync(path.join(dir, config), `import base from './${base}';\nexport default { ...base, productionBrowserSourceMaps: true };\n`);
  await cleanBuild(dir, path.join(BENCH_DIR, 'build-breakdown.log'));
  return dir;
}
