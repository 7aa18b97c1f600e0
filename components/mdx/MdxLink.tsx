import Link from 'next/link';

/**
 * Internal links use client navigation; external ones open normally and say so. Links in a run of
 * static HTML get the same markup from lib/content/static-html.ts, and their client navigation from
 * components/article/ArticleBody.tsx.
 */
export function MdxLink({ href = '', children, ...rest }: React.ComponentProps<'a'>) {
  if (href.startsWith('/')) return <Link href={href} {...rest}>{children}</Link>;
  if (href.startsWith('#')) return <a href={href} {...rest}>{children}</a>;
  return (
    <a href={href} rel="noopener noreferrer" className="external" {...rest}>
      {children}
    </a>
  );
}
