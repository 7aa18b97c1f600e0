import { STATIC_RUN_CLASS } from '@/lib/content/article-markup';

/**
 * One run of an article's static content (lib/content/static-html.ts): HTML written at build time,
 * one element with one string in the RSC payload, not walked by hydration. Its wrapper has
 * `display: contents`, so the run's elements lay out as children of the prose.
 */
export function StaticHtml({ html }: { html: string }) {
  return <div className={STATIC_RUN_CLASS} dangerouslySetInnerHTML={{ __html: html }} />;
}
