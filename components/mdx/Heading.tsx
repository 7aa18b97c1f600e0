import { HEADING_ANCHOR_LABEL } from '@/lib/content/article-markup';

/**
 * h2/h3 with a visible anchor link; ids come from rehype-slug at compile time. Headings in a run of
 * static HTML get the same markup from lib/content/static-html.ts.
 */
export function anchoredHeading(Tag: 'h2' | 'h3') {
  function AnchoredHeading({ id, children }: { id?: string; children?: React.ReactNode }) {
    return (
      <Tag id={id} className="anchored">
        {children}
        {id && (
          <a className="heading-anchor" href={`#${id}`} aria-label={HEADING_ANCHOR_LABEL}>
            #
          </a>
        )}
      </Tag>
    );
  }
  AnchoredHeading.displayName = `Anchored${Tag.toUpperCase()}`;
  return AnchoredHeading;
}
