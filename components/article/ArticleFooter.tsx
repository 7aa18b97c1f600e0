import Link from 'next/link';
import type { Article } from '@/lib/content/load';

export function SourcesList({ article }: { article: Article }) {
  return (
    <section className="sources" aria-labelledby="sources-heading">
      <h2 id="sources-heading">Sources</h2>
      <ol>
        {article.frontmatter.sources.map((source) => (
          <li key={source.url}>
            <a href={source.url} rel="noopener noreferrer" className="external">
              {source.title}
            </a>
            {source.author && <span className="muted">, {source.author}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function PrevNext({ previous, next }: { previous?: Article; next?: Article }) {
  if (!previous && !next) return null;
  return (
    <nav className="prev-next" aria-label="Previous and next article">
      {previous ? (
        <Link href={`/articles/${previous.slug}`} className="prev" rel="prev">
          <span className="muted">Previous</span>
          <span>{previous.frontmatter.title}</span>
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={`/articles/${next.slug}`} className="next" rel="next">
          <span className="muted">Next</span>
          <span>{next.frontmatter.title}</span>
        </Link>
      )}
    </nav>
  );
}
