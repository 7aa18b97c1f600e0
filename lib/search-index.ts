/**
 * The search index as two static files, built from the compiled site (the same MDX tree and heading ids
 * that render the pages) and the playgrounds, named by a hash of their bytes: the index that searching
 * needs, and the section text that excerpts are cut from (fetched alongside, not needed to search). Node only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Site } from './content/load';
import { playgroundSchema } from './playgrounds/schema';
import { buildFacets, buildSearchDocuments, type PlaygroundInfo } from './search/documents';
import { serializeIndex } from './search/engine';
import { excerptTextUrl } from './search/href';
import { getSite, listPlaygroundIds } from './site';

/** Where the file is served: app/search-index/[file]/route.ts. */
export const SEARCH_INDEX_BASE = '/search-index';

export interface SearchIndexFile {
  /** `index.<hash>.json`: terms, postings and per-record metadata, all that searching needs. */
  fileName: string;
  /** `/search-index/index.<hash>.json` */
  url: string;
  hash: string;
  body: string;
  /** `text.<hash>.json`: each record's section text, from which the results' excerpts are cut. */
  textFileName: string;
  /** `/search-index/text.<hash>.json`: the browser derives it from `url` (excerptTextUrl). */
  textUrl: string;
  textBody: string;
  documentCount: number;
}

/**
 * What the index needs of each playground: its playground.json, validated with the registry's schema.
 * (Not the registry itself: it reads every source file, and its dynamic paths make Turbopack trace the
 * whole project into the server output.)
 */
export function readPlaygroundInfo(): PlaygroundInfo[] {
  return listPlaygroundIds().map((id) => {
    const file = path.join(process.cwd(), 'playgrounds', id, 'playground.json');
    const result = playgroundSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) throw new Error(`search index: playgrounds/${id}/playground.json is invalid: ${result.error.issues[0]?.message}`);
    const playground = result.data;
    return { id, title: playground.title, summary: playground.summary, files: playground.files.map((f) => f.path), relatedArticles: playground.relatedArticles };
  });
}

export function contentHash(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** Both files are named by one hash of both, so a page's index URL always leads to its own excerpt text. */
export function buildSearchIndexFile(site: Site, playgrounds: readonly PlaygroundInfo[]): SearchIndexFile {
  const documents = buildSearchDocuments(site, playgrounds);
  const { index, text } = serializeIndex(documents, buildFacets(site));
  const hash = contentHash(`${index}\n${text}`);
  const fileName = `index.${hash}.json`;
  const url = `${SEARCH_INDEX_BASE}/${fileName}`;
  const textUrl = excerptTextUrl(url);
  return { fileName, url, hash, body: index, textFileName: textUrl.slice(SEARCH_INDEX_BASE.length + 1), textUrl, textBody: text, documentCount: documents.length };
}

const built = new WeakMap<Site, SearchIndexFile>();

/** The index for the current content; rebuilt when getSite() recompiles (content or playground.json changed). */
export async function getSearchIndex(): Promise<SearchIndexFile> {
  const site = await getSite();
  let file = built.get(site);
  if (!file) {
    file = buildSearchIndexFile(site, readPlaygroundInfo());
    built.set(site, file);
  }
  return file;
}
