/** h2/h3 with a visible anchor link; ids come from rehype-slug at compile time. */
export function anchoredHeading(Tag: 'h2' | 'h3') {
  function AnchoredHeading({ id, children }: { id?: string; children?: React.ReactNode }) {
    return (
      <Tag id={id} className="anchored">
        {children}
        {id && (
          <a className="heading-anchor" href={`#${id}`} aria-label={`Link to this section`}>
            #
          </a>
        )}
      </Tag>
    );
  }
  AnchoredHeading.displayName = `Anchored${Tag.toUpperCase()}`;
  return AnchoredHeading;
}
