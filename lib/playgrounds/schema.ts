/**
 * playgrounds/<id>/playground.json: its schema, and the types of a loaded playground.
 * Pure (zod only), so client code can import the types and the schema.
 */
import { z } from 'zod';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A path inside the playground's folder: relative, '/'-separated, no '.' or '..' segments. */
const relativePath = z
  .string()
  .min(1, 'must not be empty')
  .refine((p) => !p.startsWith('/') && !p.includes('\\'), 'must be a relative path with / separators')
  .refine((p) => p.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..'), 'must not contain "..", "." or empty segments');

export const playgroundFileSchema = z.strictObject({
  path: relativePath.refine((p) => p.endsWith('.ts'), 'must be a .ts file'),
  /** Whether the reader may edit it. Default true. */
  editable: z.boolean().default(true),
});

export const playgroundSchema = z
  .strictObject({
    id: z.string().regex(kebab, 'must be kebab-case (lowercase letters, digits and single dashes)'),
    title: z.string().trim().min(3).max(120),
    summary: z.string().trim().min(10).max(300),
    /** The file that runs: one of files. */
    entry: relativePath,
    /** The files shown, in tab order, and whether each is editable. */
    files: z.array(playgroundFileSchema).min(1, 'must list at least one file'),
    /** The Go program the demo mirrors, shown read-only. */
    goOriginal: relativePath.refine((p) => p.endsWith('.go'), 'must be a .go file'),
    /** Wall-clock limit for one run, in milliseconds. */
    timeLimitMs: z.number().int().min(1000).max(60000).default(10000),
    /** Slugs of the articles that embed or discuss this playground. */
    relatedArticles: z.array(z.string().regex(kebab, 'must be an article slug (kebab-case)')).default([]),
  })
  .superRefine((pg, ctx) => {
    const seen = new Set<string>();
    pg.files.forEach((file, i) => {
      if (seen.has(file.path)) ctx.addIssue({ code: 'custom', path: ['files', i, 'path'], message: `'${file.path}' is listed twice` });
      seen.add(file.path);
    });
    if (!seen.has(pg.entry)) ctx.addIssue({ code: 'custom', path: ['entry'], message: `'${pg.entry}' is not one of the files` });
  });

/** playground.json after validation, defaults applied. */
export type PlaygroundConfig = z.output<typeof playgroundSchema>;

/** A source file with its content. path is relative to the playground's folder (or to playgrounds/ for shared files). */
export interface SourceFile {
  path: string;
  source: string;
}

export interface PlaygroundFile extends SourceFile {
  editable: boolean;
}

/** A validated playground with its files read. */
export interface Playground {
  id: string;
  title: string;
  summary: string;
  entry: string;
  /** In tab order. */
  files: PlaygroundFile[];
  goOriginal: SourceFile;
  timeLimitMs: number;
  relatedArticles: string[];
}

/** The folder under playgrounds/ whose files every playground gets, as `_shared/<name>.ts`. */
export const SHARED_DIR = '_shared';

/** The modules a playground may import besides its own files and _shared/ (what both runtimes provide). */
export const ALLOWED_MODULES: readonly string[] = ['node:timers/promises', 'node:events', 'timers/promises', 'events'];
