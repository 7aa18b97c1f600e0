import { CopyButton } from './CopyButton';

/** Every fenced block: shiki's highlighted <pre> (built at compile time) with a language label and copy button. */
export function CodeBlock(props: React.ComponentProps<'pre'> & { 'data-language'?: string }) {
  const language = props['data-language'];
  return (
    <div className="code-block">
      <div className="code-block-bar">
        <span className="code-language">{language ?? 'code'}</span>
        <CopyButton />
      </div>
      <pre {...props} tabIndex={0} />
    </div>
  );
}
