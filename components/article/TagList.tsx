import Link from 'next/link';

export function TagList({ tags }: { tags: readonly string[] }) {
  return (
    <ul className="tag-list" aria-label="Tags">
      {tags.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${tag}`} className="tag">
            #{tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}
