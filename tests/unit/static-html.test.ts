/**
 * Runs of static HTML (lib/content/static-html.ts): the HTML the compiler writes for a run must be
 * what React renders for the same MDX through the components map, so every article is compiled both
 * ways and rendered with react-dom/server, and the two pages compared element by element and
 * attribute by attribute (character references decoded, the runs' box-less wrappers removed).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import { renderToStaticMarkup } from 'react-dom/server';
import { STATIC_RUN_CLASS } from '../../lib/content/article-markup';
import { compileMdx } from '../../lib/content/compile';
import { STATIC_HTML_COMPONENT } from '../../lib/content/static-html';
import { Callout } from '../../components/mdx/Callout';
import { CodeBlock } from '../../components/mdx/CodeBlock';
import { Figure } from '../../components/mdx/Figure';
import { anchoredHeading } from '../../components/mdx/Heading';
import { MdxLink } from '../../components/mdx/MdxLink';
import { StaticHtml } from '../../components/mdx/StaticHtml';

const ROOT = process.cwd();
const ARTICLES = path.join(ROOT, 'content', 'articles');
const FIXTURE_ROOT = path.resolve('tests/fixtures/content/base');

/** The interactive components stand in as a marker with their props, the same in both renderings. */
const stub = (name: string) =>
  function Stub(props: Record<string, unknown>) {
    const { children, ...rest } = props;
    return React.createElement('div', { 'data-stub': name, 'data-props': JSON.stringify(rest) }, children as React.ReactNode);
  };

/** components/mdx/components.tsx with the interactive components stubbed (they import CSS and browser code). */
const components = {
  Callout,
  Figure,
  Playground: stub('Playground'),
  SelfCheck: stub('SelfCheck'),
  ZOrderFigure: stub('ZOrderFigure'),
  pre: CodeBlock,
  a: MdxLink,
  h2: anchoredHeading('h2'),
  h3: anchoredHeading('h3'),
  [STATIC_HTML_COMPONENT]: StaticHtml,
};

function render(code: string): string {
  const mdx = new Function('React', 'ReactDOM', '_jsx_runtime', code)(React, ReactDOM, jsxRuntime) as { default: React.ComponentType<{ components: typeof components }> };
  return renderToStaticMarkup(React.createElement(mdx.default, { components }));
}

async function compiled(file: string, source: string, root: string, staticRuns: boolean): Promise<string> {
  const { compiled: result, errors } = await compileMdx(file, source, root, { staticRuns });
  assert.deepEqual(
    errors.map((e) => e.message),
    [],
    `${file} compiles`,
  );
  return result.code;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (match, ref: string) => {
    if (ref[0] === '#') return String.fromCodePoint(ref[1]!.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
    return NAMED[ref] ?? match;
  });
}

type Token = { kind: 'open'; name: string; attributes: string } | { kind: 'close'; name: string } | { kind: 'text'; text: string };

/** A serialized page as start tags (attributes decoded and sorted), end tags and text, whoever serialized it. */
function tokens(html: string): Token[] {
  const out: Token[] = [];
  const pattern = /<\/([a-zA-Z][\w:-]*)\s*>|<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|[^<]+/g;
  for (const match of html.matchAll(pattern)) {
    const [whole, closing, name, rawAttributes, selfClosing] = match;
    if (closing) out.push({ kind: 'close', name: closing.toLowerCase() });
    else if (name) {
      const attributes = [...(rawAttributes ?? '').matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)]
        .map(([, key, a, b, c]) => `${key!.toLowerCase()}=${JSON.stringify(decode(a ?? b ?? c ?? ''))}`)
        .sort()
        .join(' ');
      const lower = name.toLowerCase();
      out.push({ kind: 'open', name: lower, attributes });
      if (selfClosing && !VOID.has(lower)) out.push({ kind: 'close', name: lower });
    } else {
      const previous = out.at(-1);
      if (previous?.kind === 'text') previous.text += decode(whole);
      else out.push({ kind: 'text', text: decode(whole) });
    }
  }
  return out;
}

/** The page without the runs' wrappers, line breaks between blocks left out (a run keeps the ones at its ends). */
function unwrapped(list: Token[]): Token[] {
  const out: Token[] = [];
  const open: boolean[] = [];
  for (const token of list) {
    if (token.kind === 'open') {
      const wrapper = token.name === 'div' && token.attributes === `class=${JSON.stringify(STATIC_RUN_CLASS)}`;
      if (!VOID.has(token.name)) open.push(wrapper);
      if (wrapper) continue;
    } else if (token.kind === 'close' && open.pop()) continue;
    const previous = out.at(-1);
    if (token.kind === 'text' && previous?.kind === 'text') previous.text += token.text;
    else out.push(token.kind === 'text' ? { ...token } : token);
  }
  return out.filter((token) => !(token.kind === 'text' && /^\n+$/.test(token.text)));
}

const show = (token: Token | undefined) =>
  !token ? '(end)' : token.kind === 'open' ? `<${token.name} ${token.attributes}>` : token.kind === 'close' ? `</${token.name}>` : JSON.stringify(token.text.slice(0, 120));

function assertSamePage(actual: string, expected: string, what: string) {
  const a = unwrapped(tokens(actual));
  const b = unwrapped(tokens(expected));
  const at = a.findIndex((token, i) => JSON.stringify(token) !== JSON.stringify(b[i]));
  if (at < 0 && a.length === b.length) return;
  const index = at < 0 ? Math.min(a.length, b.length) : at;
  const context = (list: Token[]) => list.slice(Math.max(0, index - 3), index + 3).map(show).join('\n      ');
  assert.fail(`${what}: the static HTML differs from React's rendering at token ${index}\n  static runs:\n      ${context(a)}\n  React:\n      ${context(b)}`);
}

const runsIn = (html: string) => html.split(`<div class="${STATIC_RUN_CLASS}">`).length - 1;

describe('runs of static HTML', () => {
  for (const name of readdirSync(ARTICLES).filter((n) => n.endsWith('.mdx')).sort()) {
    test(`${name}: the runs render what React renders, and only interactive components are left between them`, async () => {
      const file = path.join('content', 'articles', name);
      const source = readFileSync(path.join(ROOT, file), 'utf8');
      const [withRuns, withoutRuns] = await Promise.all([compiled(file, source, ROOT, true), compiled(file, source, ROOT, false)]);
      const html = render(withRuns);
      assertSamePage(html, render(withoutRuns), name);
      assert.ok(runsIn(html) >= 1, 'the article has at least one run');
      // Everything outside the runs is an interactive component (stubbed here) or the whitespace between.
      const outside = html.replace(new RegExp(`<div class="${STATIC_RUN_CLASS}">[\\s\\S]*?(?=<div class="${STATIC_RUN_CLASS}">|<div data-stub=|$)`, 'g'), '');
      assert.doesNotMatch(withRuns, /"data-html"/, 'every code block is inside a run');
      assert.ok(!/<(p|h2|h3|pre|ul|ol|table|figure|aside)[\s>]/.test(outside.replace(/<div data-stub=[^>]*>/g, '')), `static content outside the runs: ${outside.slice(0, 300)}`);
    });
  }

  test('a component that is not static stays React, with runs inside it and around it', async () => {
    const source = [
      '---',
      'title: x',
      '---',
      '',
      'Intro with `code`, a [link](/articles/beta) and an [outside link](https://example.com "Example").',
      '',
      '<Callout type="tip" title="Try it">',
      'Before the playground, **bold**.',
      '',
      '<Playground id="demo" />',
      '',
      '```go fragment',
      'x := 1',
      '```',
      '</Callout>',
      '',
      '## A heading {"with"} an expression',
      '',
      '| left | right |',
      '|:-----|------:|',
      '| a    | b     |',
      '',
      '<svg viewBox="0 0 10 10" role="presentation"><rect className="dg-box" x="1" y={2} strokeWidth={1.5} width="3" height="3" /><text textAnchor="middle" x="5" y="5">{"<"}g0{\' \'}&amp;</text></svg>',
      '',
      '<div style={{ color: "red" }}>styled: an object prop, so React renders it</div>',
      '',
      '- one',
      '- two {/* a comment */}',
    ].join('\n');
    const file = 'content/articles/inline.mdx';
    const [withRuns, withoutRuns] = await Promise.all([compiled(file, source, FIXTURE_ROOT, true), compiled(file, source, FIXTURE_ROOT, false)]);
    const html = render(withRuns);
    assertSamePage(html, render(withoutRuns), 'inline fixture');
    // The callout holding the playground is React's; its paragraph and code block are runs of their own.
    assert.match(html, /<aside class="callout callout-tip" aria-label="Try it">.*?<div class="callout-body"><div class="mdx-static">\s*<p>Before the playground/s);
    assert.match(html, /<div data-stub="Playground"[^>]*><\/div><div class="mdx-static">\s*<div class="code-block">/);
    assert.match(html, /<h2 id="a-heading--an-expression" class="anchored">A heading with an expression<a class="heading-anchor"/);
    assert.match(html, /<td style="text-align:right">b<\/td>/);
    assert.match(html, /<div style="color:red"><div class="mdx-static">styled/);
    assert.ok(runsIn(html) >= 3, `runs: ${runsIn(html)}`);
  });
});
