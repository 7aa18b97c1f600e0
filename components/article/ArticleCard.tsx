import Link from 'next/link';
import type { Article } from '@/lib/content/load';

export function ArticleCard({ article, headingLevel = 3 }: { article: Article; headingLevel?: 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <article className="card">
      <Heading className="card-title">
        <Link href={`/articles/${article.slug}`}>{article.frontmatter.title}</Link>
      </Heading>
      <p>{article.frontmatter.summary}</p>
      <p className="card-meta muted">
        {article.readingMinutes} min read
        {article.frontmatter.playgrounds.length > 0 && ' · live playground'}
      </p>
    </article>
  );
}
