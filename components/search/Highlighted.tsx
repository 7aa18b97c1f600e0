import type { Segment } from '@/lib/search/text';

/** Text with matched words in <mark>; every piece is a React text node, so nothing is parsed as markup. */
export function Highlighted({ segments }: { segments: readonly Segment[] }) {
  return (
    <>
      {segments.map((segment, i) => (segment.mark ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
    </>
  );
}
