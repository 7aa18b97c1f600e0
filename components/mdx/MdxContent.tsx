import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import { mdxComponents } from './components';

type MdxModule = { default: React.ComponentType<{ components: typeof mdxComponents }> };

/**
 * Evaluate mdx-bundler's output on the server with this app's React (the same scope names
 * mdx-bundler's getMDXComponent provides), so the page is plain server-rendered HTML.
 */
export function MdxContent({ code }: { code: string }) {
  const mdxModule = new Function('React', 'ReactDOM', '_jsx_runtime', code)(React, ReactDOM, jsxRuntime) as MdxModule;
  const Content = mdxModule.default;
  return <Content components={mdxComponents} />;
}
