import { COPY_BUTTON } from '@/lib/content/article-markup';

type CodeBlockProps = React.ComponentProps<'pre'> & { 'data-language'?: string; 'data-html'?: string };

/**
 * A fenced block next to something interactive: shiki's highlighted <pre> (built at compile time)
 * with a language label and copy button. Everywhere else code blocks reach the page as part of a run
 * of static HTML with the same markup (lib/content/static-html.ts). The highlighted code arrives as
 * one HTML string (data-html, see lib/content/compile.ts), and the copy button has no React state:
 * the article's client component (components/article/ArticleBody.tsx) handles every copy button in
 * the prose by delegation.
 */
export function CodeBlock({ 'data-html': html, ...props }: CodeBlockProps) {
  const language = props['data-language'];
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-language">{language ?? 'code'}</span>
        <button type="button" className={COPY_BUTTON.className} aria-label={COPY_BUTTON.ariaLabel}>
          {COPY_BUTTON.label.idle}
          <span className="visually-hidden" role="status" />
        </button>
      </div>
      {html === undefined ? <pre {...props} tabIndex={0} /> : <pre {...props} tabIndex={0} dangerouslySetInnerHTML={{ __html: html }} />}
    </div>
  );
}
