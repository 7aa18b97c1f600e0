import Link from 'next/link';
import type { Article, Site } from '@/lib/content/load';
import { findArticle, formatDate, neighbours, topicOf, tracksContaining } from '@/lib/content/queries';
import { MdxContent } from '@/components/mdx/MdxContent';
import { SearchLanding } from '@/components/search/SearchLanding';
import { ArticleBody } from './ArticleBody';
import { PrevNext, SourcesList } from './ArticleFooter';
import { ReadMarker } from './ReadMarker';
import { TableOfContents } from './TableOfContents';
import { TagList } from './TagList';
import { TrackContext, type TrackPlace } from './TrackContext';

export function ArticleView({ site, article }: { site: Site; article: Article }) {
  const { frontmatter: fm } = article;
  const { previous, next } = neighbours(site, article.slug);
  const places: TrackPlace[] = tracksContaining(site, article.slug).map(({ track, index }) => {
    const nextSlug = track.steps[index + 1]?.article;
    const nextArticle = nextSlug ? findArticle(site, nextSlug) : undefined;
    return {
      slug: track.slug,
      title: track.title,
      index,
      total: track.steps.length,
      next: nextArticle && { slug: nextArticle.slug, title: nextArticle.frontmatter.title },
    };
  });

  return (
    <div className="article-layout">
      {/* Before the article in the HTML: on a phone the contents sit above the article, and a
          browser paints a long page before its end has arrived, so an aside placed after the
          article would push the already painted article down when it arrives (CLS 0.4). */}
      <aside className="article-aside">
        <TableOfContents headings={article.headings} />
      </aside>
      <article className="article" data-article-slug={article.slug}>
        <header className="article-header">
          <p className="eyebrow">
            <Link href={`/articles#${fm.topic}`}>{topicOf(fm.topic).title}</Link>
          </p>
          <h1>{fm.title}</h1>
          <p className="lede">{fm.summary}</p>
          <p className="article-meta muted">
            <span>{article.readingMinutes} min read</span>
            <span aria-hidden="true"> · </span>
            <span>
              Updated <time dateTime={fm.updated}>{formatDate(fm.updated)}</time>
            </span>
          </p>
          <TagList tags={fm.tags} />
          {fm.original && (
            <p className="original">
              Covers{' '}
              <a href={fm.original.url} rel="noopener noreferrer" className="external">
                {fm.original.title}
              </a>{' '}
              by {fm.original.author}
              {fm.original.date && <span className="muted"> ({fm.original.date})</span>}
            </p>
          )}
          {fm.checked && (
            <p className="checked muted">
              Checked against {fm.checked.against.join(', ')} on <time dateTime={fm.checked.date}>{formatDate(fm.checked.date)}</time>
            </p>
          )}
          <TrackContext places={places} />
        </header>
        <ArticleBody>
          <MdxContent code={article.code} />
        </ArticleBody>
        <SearchLanding />
        <SourcesList article={article} />
        <ReadMarker slug={article.slug} />
        <PrevNext previous={previous} next={next} />
      </article>
    </div>
  );
}
