import path from 'node:path';
import { contentFingerprint, loadSite, type Site } from './content/load';
import { listPlaygroundIds as listPlaygroundFolders, loadPlaygrounds } from './playgrounds/registry';

export const PROJECT_ROOT = process.cwd();

/** Playground ids of a project root: the folders under <root>/playgrounds. */
export function listPlaygroundIds(root = PROJECT_ROOT): string[] {
  return listPlaygroundFolders(path.join(root, 'playgrounds'));
}

let cached: { fingerprint: string; site: Promise<Site> } | undefined;

/**
 * The whole validated site, compiled once per process and again only when a content file changes.
 * Playgrounds are validated first (an invalid playground.json or a missing file fails the build too).
 */
export function getSite(): Promise<Site> {
  const fingerprint = contentFingerprint(PROJECT_ROOT);
  if (cached?.fingerprint !== fingerprint) {
    const site = Promise.resolve().then(() => {
      const { playgrounds } = loadPlaygrounds(path.join(PROJECT_ROOT, 'playgrounds'));
      return loadSite({ root: PROJECT_ROOT, playgroundIds: playgrounds.map((p) => p.id) });
    });
    cached = { fingerprint, site };
  }
  return cached.site;
}
