import type { MdxComponentName } from '@/lib/content/mdx-components';
import { Callout } from './Callout';
import { CodeBlock } from './CodeBlock';
import { Figure } from './Figure';
import { anchoredHeading } from './Heading';
import { MdxLink } from './MdxLink';
import { Playground } from './Playground';
import { SelfCheck } from './SelfCheck';
import { StaticHtml } from './StaticHtml';
import { ZOrderFigure } from './ZOrderFigure';

/** The one components map for every article: exactly the names lib/content/mdx-components.ts allows. */
export const articleComponents = { Callout, Figure, Playground, SelfCheck, ZOrderFigure } satisfies Record<MdxComponentName, unknown>;

export const mdxComponents = {
  ...articleComponents,
  pre: CodeBlock,
  a: MdxLink,
  h2: anchoredHeading('h2'),
  h3: anchoredHeading('h3'),
  // Not for authors: the compiler's runs of static HTML (lib/content/static-html.ts).
  StaticHtml,
};
