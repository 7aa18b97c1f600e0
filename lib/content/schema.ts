import { z } from 'zod';
import { TOPIC_IDS } from './topics';

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** YAML turns an unquoted 2026-11-23 into a Date; accept both and keep the ISO day. */
const isoDay = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
);
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

export const sourceSchema = z.strictObject({
  title: z.string().min(3),
  url: httpUrl,
  author: z.string().min(2).optional(),
});

export const frontmatterSchema = z
  .strictObject({
    title: z.string().min(8).max(120),
    summary: z.string().min(40).max(220),
    topic: z.enum(TOPIC_IDS),
    tags: z.array(z.string().regex(kebab, 'tags are lowercase kebab-case')).min(2).max(8),
    published: isoDay,
    updated: isoDay,
    original: z
      .strictObject({
        title: z.string().min(3),
        author: z.string().min(2),
        url: httpUrl,
        date: z.string().optional(),
      })
      .optional(),
    sources: z.array(sourceSchema).min(1),
    /** What the article's facts were last checked against: versions of Go, libraries and services, and when. */
    checked: z
      .strictObject({
        date: isoDay,
        against: z.array(z.string().min(3)).min(1),
      })
      .optional(),
    playgrounds: z.array(z.string().regex(kebab)).default([]),
    draft: z.boolean().default(false),
  })
  .refine((fm) => fm.updated >= fm.published, { message: 'updated is before published', path: ['updated'] })
  .refine((fm) => !fm.checked || fm.checked.date <= fm.updated, { message: 'checked.date is after updated', path: ['checked', 'date'] });

export type Frontmatter = z.infer<typeof frontmatterSchema>;
export type Source = z.infer<typeof sourceSchema>;

export const trackSchema = z.strictObject({
  title: z.string().min(5),
  summary: z.string().min(20).max(260),
  audience: z.string().min(5),
  order: z.number().int().min(0),
  steps: z
    .array(
      z.strictObject({
        article: z.string().regex(kebab),
        why: z.string().min(10),
      }),
    )
    .min(2),
});

export type TrackData = z.infer<typeof trackSchema>;
