/**
 * A diagram (inline SVG child) or image, with a caption and a full text alternative. Figures reach
 * the page as part of a run of static HTML with the same markup (lib/content/static-html.ts); this
 * component renders one that sits next to something interactive.
 */
export function Figure({ alt, caption, src, children }: { alt: string; caption: string; src?: string; children?: React.ReactNode }) {
  return (
    <figure className="figure">
      {src ? (
        <img src={src} alt={alt} loading="lazy" />
      ) : (
        <div className="diagram" role="img" aria-label={alt}>
          {children}
        </div>
      )}
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
