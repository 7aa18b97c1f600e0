import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileMdx, type CompiledMdx } from './compile';
import { ContentError, ContentErrors } from './errors';
import { formatPath, lineOfJsonField, parseFrontmatter } from './frontmatter';
import { frontmatterSchema, trackSchema, type Frontmatter, type TrackData } from './schema';
import { TOPICS } from './topics';

export interface Article extends CompiledMdx {
  slug: string;
  /** Path relative to the project root, as shown in error messages. */
  file: string;
  frontmatter: Frontmatter;
  readingMinutes: number;
}

export interface Track extends TrackData {
  slug: string;
  file: string;
  /** The JSON text, kept to locate fields in error messages. */
  source: string;
}

export interface Site {
  /** Published articles in reading order: by topic, then title. Drafts are validated but left out. */
  articles: Article[];
  tracks: Track[];
}

export interface LoadOptions {
  /** Project root: holds content/ and public/. */
  root: string;
  /** Ids of the playgrounds that exist, for checking <Playground id> and frontmatter. */
  playgroundIds: readonly string[];
}

const WORDS_PER_MINUTE = 230;
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STATIC_ROUTES = new Set(['/', '/articles', '/tags', '/tracks', '/playgrounds', '/search', '/feed.xml']);

function listFiles(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Load, compile and cross-check all content. Throws ContentErrors listing every mistake found,
 * each with its file and line or field, so a broken article can never produce a partial site.
 */
export async function loadSite({ root, playgroundIds }: LoadOptions): Promise<Site> {
  const errors: ContentError[] = [];
  const relative = (file: string) => path.relative(root, file);
  const knownPlaygrounds = new Set(playgroundIds);

  const articles: Article[] = [];
  const drafts = new Set<string>();
  const slugFiles = new Map<string, string>();
  for (const absolute of listFiles(path.join(root, 'content', 'articles'), '.mdx')) {
    const file = relative(absolute);
    const slug = path.basename(absolute, '.mdx');
    if (!KEBAB.test(slug)) errors.push(new ContentError(file, `file name "${slug}" must be a lowercase kebab-case slug`));
    const previous = slugFiles.get(slug);
    if (previous) {
      errors.push(new ContentError(file, `duplicate slug "${slug}": ${previous} has the same slug`));
      continue;
    }
    slugFiles.set(slug, file);

    const source = readFileSync(absolute, 'utf8');
    let frontmatter: Frontmatter;
    try {
      frontmatter = parseFrontmatter(file, source, frontmatterSchema);
    } catch (error) {
      if (error instanceof ContentError) errors.push(error);
      else throw error;
      continue;
    }
    frontmatter.playgrounds.forEach((id, i) => {
      if (!knownPlaygrounds.has(id)) errors.push(new ContentError(file, `unknown playground "${id}" (known: ${[...knownPlaygrounds].join(', ') || 'none'})`, { field: `playgrounds[${i}]` }));
    });

    const { compiled, errors: compileErrors } = await compileMdx(file, source, root);
    errors.push(...compileErrors);
    for (const ref of compiled.playgroundRefs) {
      if (!knownPlaygrounds.has(ref.id)) errors.push(new ContentError(file, `unknown playground "${ref.id}" (known: ${[...knownPlaygrounds].join(', ') || 'none'})`, ref));
      else if (!frontmatter.playgrounds.includes(ref.id)) errors.push(new ContentError(file, `<Playground id="${ref.id}"> is embedded but not listed in the playgrounds field`, ref));
    }
    if (frontmatter.draft) drafts.add(slug);
    articles.push({ ...compiled, slug, file, frontmatter, readingMinutes: Math.max(1, Math.round(compiled.wordCount / WORDS_PER_MINUTE)) });
  }

  const tracks = loadTracks(root, relative, errors);
  const published = articles.filter((article) => !drafts.has(article.slug));
  const bySlug = new Map(published.map((article) => [article.slug, article]));

  for (const article of articles) errors.push(...checkLinks(article, bySlug, tracks, knownPlaygrounds));
  for (const track of tracks) {
    track.steps.forEach((step, i) => {
      if (!bySlug.has(step.article)) {
        errors.push(new ContentError(track.file, `unknown article "${step.article}"${drafts.has(step.article) ? ' (it is a draft)' : ''}`, { field: `steps[${i}].article`, line: lineOfJsonField(track.source, ['steps', i, 'article']) }));
      }
    });
  }

  if (errors.length) throw new ContentErrors(errors);
  const topicOrder = TOPICS.map((topic) => topic.id as string);
  published.sort((a, b) => topicOrder.indexOf(a.frontmatter.topic) - topicOrder.indexOf(b.frontmatter.topic) || a.frontmatter.title.localeCompare(b.frontmatter.title));
  tracks.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
  return { articles: published, tracks };
}

function loadTracks(root: string, relative: (file: string) => string, errors: ContentError[]): Track[] {
  const tracks: Track[] = [];
  for (const absolute of listFiles(path.join(root, 'content', 'tracks'), '.json')) {
    const file = relative(absolute);
    const slug = path.basename(absolute, '.json');
    const text = readFileSync(absolute, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      errors.push(new ContentError(file, `invalid JSON: ${(error as Error).message}`));
      continue;
    }
    const result = trackSchema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const fieldPath = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
      errors.push(new ContentError(file, issue.message, { field: fieldPath.length ? formatPath(fieldPath) : undefined, line: lineOfJsonField(text, fieldPath) }));
      continue;
    }
    tracks.push({ ...result.data, slug, file, source: text });
  }
  return tracks;
}

function checkLinks(article: Article, bySlug: Map<string, Article>, tracks: Track[], playgrounds: Set<string>): ContentError[] {
  const errors: ContentError[] = [];
  const ownIds = new Set(article.headings.map((h) => h.id));
  for (const link of article.links) {
    const broken = (problem: string) => errors.push(new ContentError(article.file, `broken link ${link.url}: ${problem}`, link));
    const { url } = link;
    if (/^(https?:|mailto:)/.test(url)) continue;
    if (url.startsWith('#')) {
      if (!ownIds.has(url.slice(1))) broken(`no heading with id "${url.slice(1)}" in this article`);
      continue;
    }
    if (!url.startsWith('/')) {
      broken('internal links start with / (for example /articles/errgroup-package)');
      continue;
    }
    const [pathname = '', fragment] = url.split('#');
    const parts = pathname.replace(/\/$/, '').split('/').filter(Boolean);
    if (parts[0] === 'articles' && parts.length === 2) {
      const target = bySlug.get(parts[1]!);
      if (!target) broken(`no article "${parts[1]}"`);
      else if (fragment && !target.headings.some((h) => h.id === fragment)) broken(`article "${parts[1]}" has no heading with id "${fragment}"`);
    } else if (parts[0] === 'tracks' && parts.length === 2) {
      if (!tracks.some((t) => t.slug === parts[1])) broken(`no track "${parts[1]}"`);
    } else if (parts[0] === 'playgrounds' && parts.length === 2) {
      if (!playgrounds.has(parts[1]!)) broken(`no playground "${parts[1]}"`);
    } else if (parts[0] === 'tags' && parts.length === 2) {
      if (![...bySlug.values()].some((a) => a.frontmatter.tags.includes(parts[1]!))) broken(`no article is tagged "${parts[1]}"`);
    } else if (!STATIC_ROUTES.has(pathname.replace(/\/$/, '') || '/')) {
      broken('no such page');
    }
  }
  return errors;
}

/** A cheap fingerprint of the content tree, so callers can reuse a loaded site until a file changes. */
export function contentFingerprint(root: string): string {
  const files = [...listFiles(path.join(root, 'content'), '.mdx'), ...listFiles(path.join(root, 'content'), '.json'), ...listFiles(path.join(root, 'playgrounds'), '')];
  return files.map((file) => {
    const stat = statSync(file);
    return `${file}:${stat.mtimeMs}:${stat.size}`;
  }).join('|');
}
