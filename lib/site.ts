import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { contentFingerprint, loadSite, type Site } from './content/load';

export const PROJECT_ROOT = process.cwd();

/** Playground ids: folders under playgrounds/ that carry a playground.json. */
export function listPlaygroundIds(root = PROJECT_ROOT): string[] {
  const dir = path.join(root, 'playgrounds');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'playground.json')))
    .map((entry) => entry.name)
    .sort();
}

let cached: { fingerprint: string; site: Promise<Site> } | undefined;

/** The whole validated site, compiled once per process and again only when a content file changes. */
export function getSite(): Promise<Site> {
  const fingerprint = contentFingerprint(PROJECT_ROOT);
  if (cached?.fingerprint !== fingerprint) {
    cached = { fingerprint, site: loadSite({ root: PROJECT_ROOT, playgroundIds: listPlaygroundIds() }) };
  }
  return cached.site;
}
