import type { SearchHit } from '@/lib/search/engine';
import type { Segment } from '@/lib/search/text';

/** Text with matched words in <mark>; every piece is a React text node, so nothing is parsed as markup. */
export function Highlighted({ segments }: { segments: readonly Segment[] }) {
  return (
    <>
      {segments.map((segment, i) => (segment.mark ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
    </>
  );
}

/** A result's heading (or what it opens, when it has none) and its excerpt; in the dialog and on /search. */
export function HitText({ hit }: { hit: SearchHit }) {
  return (
    <>
      <span className="search-option-heading">{hit.heading ? <Highlighted segments={hit.headingSegments} /> : hit.kind === 'playground' ? 'Open the playground' : 'Overview'}</span>
      <span className="search-option-excerpt">
        <Highlighted segments={hit.excerpt} />
      </span>
    </>
  );
}
