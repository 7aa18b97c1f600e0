import { CopyButton } from './CopyButton';

type CodeBlockProps = React.ComponentProps<'pre'> & { 'data-language'?: string; 'data-html'?: string };

/**
 * Every fenced block: shiki's highlighted <pre> (built at compile time) with a language label and copy
 * button. The highlighted code arrives as one HTML string (data-html, see lib/content/compile.ts) so
 * the page's RSC payload holds one string per block, not a node per token.
 */
export function CodeBlock({ 'data-html': html, ...props }: CodeBlockProps) {
  const language = props['data-language'];
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-language">{language ?? 'code'}</span>
        <CopyButton />
      </div>
      {html === undefined ? <pre {...props} tabIndex={0} /> : <pre {...props} tabIndex={0} dangerouslySetInnerHTML={{ __html: html }} />}
    </div>
  );
}
