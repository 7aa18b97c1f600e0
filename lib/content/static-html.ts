/**
 * Static runs: every stretch of an article that needs no JavaScript (paragraphs, headings with their
 * anchors, lists, tables, blockquotes, figures with their inline SVG, callouts, code blocks with their
 * highlighted HTML and copy buttons) leaves the MDX compiler as one HTML string, written here from the
 * hast at build time and rendered by <StaticHtml> (components/mdx/StaticHtml.tsx) as one element with
 * dangerouslySetInnerHTML. The page's RSC payload then carries one string per run instead of an
 * element per node, and hydration does not walk the run: React sees one element with a string.
 * Only the interactive components (Playground, SelfCheck, ZOrderFigure and any other component not in
 * STATIC_COMPONENTS) stay React elements, between the runs.
 *
 * The HTML is what the React components in components/mdx/ render for the same props (Callout,
 * Figure, the anchored headings, MdxLink, CodeBlock); tests/unit/static-html.test.ts renders every
 * article both ways and compares. What needs behaviour inside a run (copy buttons, client navigation
 * of internal links) is wired by one client component by event delegation (components/article/ArticleBody.tsx).
 */
import type { Element, ElementContent, Properties, Root, RootContent, Text } from 'hast';
import { hastToHtml } from 'shiki';
import { CALLOUT_ICONS, CALLOUT_LABELS, COPY_BUTTON, HEADING_ANCHOR_LABEL } from './article-markup';
import { CALLOUT_TYPES } from './mdx-components';

/** The component the MDX output calls for each run (in the components map, not one authors may use). */
export const STATIC_HTML_COMPONENT = 'StaticHtml';

interface Literalish {
  type: string;
  value?: unknown;
  operator?: string;
  argument?: Literalish;
  expressions?: unknown[];
  quasis?: { value: { cooked?: string | null } }[];
}
interface EstreeProgram {
  body: { type: string; expression?: Literalish }[];
}
interface JsxAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | null | { type: 'mdxJsxAttributeValueExpression'; value: string; data?: { estree?: EstreeProgram | null } };
}
interface JsxNode {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: JsxAttribute[];
  children: AnyNode[];
}
interface ExpressionNode {
  type: 'mdxFlowExpression' | 'mdxTextExpression';
  value: string;
  data?: { estree?: EstreeProgram | null };
}
type AnyNode = RootContent | ElementContent | JsxNode | ExpressionNode | Root;

/** A value for an attribute or a text: string literals and numbers only; anything else keeps its node in React. */
type Value = string | number | true;
const NOT_STATIC = Symbol('not static');

function literalOf(expression: Literalish | undefined): Value | typeof NOT_STATIC {
  if (!expression) return NOT_STATIC;
  if (expression.type === 'Literal' && (typeof expression.value === 'string' || typeof expression.value === 'number')) return expression.value;
  if (expression.type === 'TemplateLiteral' && expression.expressions?.length === 0 && expression.quasis?.length === 1) {
    const cooked = expression.quasis[0]!.value.cooked;
    return typeof cooked === 'string' ? cooked : NOT_STATIC;
  }
  if (expression.type === 'UnaryExpression' && expression.operator === '-' && expression.argument?.type === 'Literal' && typeof expression.argument.value === 'number') {
    return -expression.argument.value;
  }
  return NOT_STATIC;
}

/** `{'…'}` or `{2}` in MDX; an empty expression (a comment) renders nothing. */
function expressionValue(program: EstreeProgram | null | undefined): Value | null | typeof NOT_STATIC {
  if (!program) return NOT_STATIC;
  if (program.body.length === 0) return null;
  if (program.body.length !== 1 || program.body[0]!.type !== 'ExpressionStatement') return NOT_STATIC;
  return literalOf(program.body[0]!.expression);
}

/** A JSX element's attributes as props, or NOT_STATIC when one of them is not a literal (an object, a function, a spread). */
function propsOf(node: JsxNode): Record<string, Value> | typeof NOT_STATIC {
  const props: Record<string, Value> = {};
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) return NOT_STATIC;
    const raw = attribute.value;
    if (raw === null || raw === undefined) props[attribute.name] = true;
    else if (typeof raw === 'string') props[attribute.name] = raw;
    else {
      const value = expressionValue(raw.data?.estree);
      if (value === NOT_STATIC || value === null) return NOT_STATIC;
      props[attribute.name] = value;
    }
  }
  return props;
}

const text = (value: string): Text => ({ type: 'text', value });
const h = (tagName: string, properties: Properties, children: ElementContent[] = []): Element => ({ type: 'element', tagName, properties, children });
const stringProp = (props: Record<string, Value>, name: string): string | undefined => {
  const value = props[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/** components/mdx/Callout.tsx */
function callout(props: Record<string, Value>, children: ElementContent[]): Element | typeof NOT_STATIC {
  const type = stringProp(props, 'type') ?? 'note';
  if (!(CALLOUT_TYPES as readonly string[]).includes(type)) return NOT_STATIC;
  const key = type as keyof typeof CALLOUT_LABELS;
  const label = stringProp(props, 'title') ?? CALLOUT_LABELS[key];
  return h('aside', { className: ['callout', `callout-${type}`], ariaLabel: label }, [
    h('p', { className: ['callout-title'] }, [h('span', { className: ['callout-icon'], ariaHidden: 'true' }, [text(CALLOUT_ICONS[key])]), text(label)]),
    h('div', { className: ['callout-body'] }, children),
  ]);
}

/** components/mdx/Figure.tsx */
function figure(props: Record<string, Value>, children: ElementContent[]): Element {
  const alt = stringProp(props, 'alt');
  const src = stringProp(props, 'src');
  const caption = stringProp(props, 'caption');
  return h('figure', { className: ['figure'] }, [
    src ? h('img', { src, alt, loading: 'lazy' }) : h('div', { className: ['diagram'], role: 'img', ariaLabel: alt }, children),
    h('figcaption', {}, caption === undefined ? [] : [text(caption)]),
  ]);
}

/** Components whose whole output is known at build time from literal props; every other capitalised component stays React. */
const STATIC_COMPONENTS: Record<string, (props: Record<string, Value>, children: ElementContent[]) => Element | typeof NOT_STATIC> = {
  Callout: callout,
  Figure: figure,
};

/** components/mdx/Heading.tsx: h2 and h3 from Markdown, with their anchor link. */
function anchoredHeading(node: Element, children: ElementContent[]): Element {
  const id = node.properties.id === undefined ? undefined : String(node.properties.id);
  const anchor = id ? [h('a', { className: ['heading-anchor'], href: `#${id}`, ariaLabel: HEADING_ANCHOR_LABEL }, [text('#')])] : [];
  return h(node.tagName, { id, className: ['anchored'] }, [...children, ...anchor]);
}

/** components/mdx/MdxLink.tsx: internal links navigate on the client (by delegation), external ones say so. */
function link(node: Element, children: ElementContent[]): Element {
  const href = typeof node.properties.href === 'string' ? node.properties.href : '';
  const rest: Properties = { ...node.properties };
  delete rest.href;
  if (href.startsWith('/') || href.startsWith('#')) return h('a', { href, ...rest }, children);
  return h('a', { href, rel: ['noopener', 'noreferrer'], className: ['external'], ...rest }, children);
}

/** shiki gives <pre> a tabindex of its own; CodeBlock sets it again (focusable, so it scrolls by keyboard). */
function withoutTabIndex(properties: Properties): Properties {
  const rest = { ...properties };
  delete rest.tabindex;
  delete rest.tabIndex;
  return rest;
}

/** components/mdx/CodeBlock.tsx: the language, the copy button and shiki's <pre>. */
function codeBlock(node: Element): Element {
  const language = node.properties['data-language'] ?? node.properties.dataLanguage;
  return h('div', { className: ['code-block'] }, [
    h('div', { className: ['code-block-bar'] }, [
      h('span', { className: ['code-language'] }, [text(language === undefined ? 'code' : String(language))]),
      h('button', { type: 'button', className: [COPY_BUTTON.className], ariaLabel: COPY_BUTTON.ariaLabel }, [
        text(COPY_BUTTON.label.idle),
        h('span', { className: ['visually-hidden'], role: 'status' }, []),
      ]),
    ]),
    h('pre', { ...withoutTabIndex(node.properties), tabIndex: 0 }, node.children),
  ]);
}

export const isShikiBlock = (node: Element): boolean => node.tagName === 'pre' && node.properties.class === 'shiki';

/** Elements whose line breaks between children React drops (hast-util-to-estree does, for the DOM's sake). */
const TABLE_ELEMENTS = new Set(['table', 'tbody', 'thead', 'tfoot', 'tr']);

/**
 * The node as plain hast, as React would render it through the components map, or NOT_STATIC when
 * it or anything in it needs React: an interactive component, an expression that is not a literal.
 */
function toStatic(node: AnyNode): ElementContent[] | typeof NOT_STATIC {
  switch (node.type) {
    case 'text':
      return [text(node.value)];
    case 'root': // @shikijs/rehype puts its output in the tree as a root of its own (a fragment for MDX)
      return allStatic(node.children, false);
    case 'element': {
      const children = allStatic(node.children, TABLE_ELEMENTS.has(node.tagName));
      if (children === NOT_STATIC) return NOT_STATIC;
      if (isShikiBlock(node)) return [codeBlock(node)];
      if (node.tagName === 'a') return [link(node, children)];
      if (node.tagName === 'h2' || node.tagName === 'h3') return [anchoredHeading(node, children)];
      const properties = { ...node.properties };
      // hast-util-to-estree turns a table cell's align into a text-align style (its tableCellAlignToStyle).
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof properties.align === 'string') {
        properties.style = `text-align:${properties.align}`;
        delete properties.align;
      }
      return [h(node.tagName, properties, children)];
    }
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement': {
      const children = allStatic(node.children, false);
      if (children === NOT_STATIC) return NOT_STATIC;
      if (node.name === null) return children; // <>…</>
      const props = propsOf(node);
      if (props === NOT_STATIC) return NOT_STATIC;
      const component = STATIC_COMPONENTS[node.name];
      if (component) {
        const element = component(props, children);
        return element === NOT_STATIC ? NOT_STATIC : [element];
      }
      // Lowercase JSX (the SVG of a diagram) is a plain element; the components map does not apply to it.
      if (!/^[a-z][a-zA-Z0-9-]*$/.test(node.name)) return NOT_STATIC;
      const properties: Properties = {};
      for (const [name, value] of Object.entries(props)) properties[name] = value;
      return [h(node.name, properties, children)];
    }
    case 'mdxFlowExpression':
    case 'mdxTextExpression': {
      const value = expressionValue(node.data?.estree);
      if (value === NOT_STATIC) return NOT_STATIC;
      return value === null || value === true ? [] : [text(String(value))];
    }
    default:
      return NOT_STATIC; // ESM, comments, anything unexpected: leave it to MDX
  }
}

function allStatic(children: AnyNode[], dropLineBreaks: boolean): ElementContent[] | typeof NOT_STATIC {
  const out: ElementContent[] = [];
  for (const child of children) {
    if (dropLineBreaks && child.type === 'text' && child.value === '\n') continue;
    const converted = toStatic(child);
    if (converted === NOT_STATIC) return NOT_STATIC;
    out.push(...converted);
  }
  return out;
}

/** Elements a run's <div> may sit in: flow content. Inside others (a paragraph, a list, a table) nodes are not grouped. */
const FLOW_CONTAINERS = new Set(['blockquote', 'li', 'div', 'section', 'aside', 'details', 'figure', 'td', 'th', 'dd']);

export function staticHtml(nodes: ElementContent[]): string {
  return hastToHtml({ type: 'root', children: nodes }, { closeEmptyElements: true, characterReferences: { useShortestReferences: true } });
}

function runNode(nodes: ElementContent[]): JsxNode {
  return { type: 'mdxJsxFlowElement', name: STATIC_HTML_COMPONENT, attributes: [{ type: 'mdxJsxAttribute', name: 'html', value: staticHtml(nodes) }], children: [] };
}

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/** Replace each run of static children with one StaticHtml node; look inside the rest for runs of their own. */
function groupRuns(children: AnyNode[]): AnyNode[] {
  const out: AnyNode[] = [];
  let run: ElementContent[] = [];
  const flush = () => {
    if (run.some((node) => !isBlank(node))) out.push(runNode(run));
    else out.push(...run);
    run = [];
  };
  for (const child of children) {
    const converted = toStatic(child);
    if (converted === NOT_STATIC) {
      flush();
      out.push(descend(child));
    } else run.push(...converted);
  }
  flush();
  return out;
}

/** A node that stays React: its flow children may still hold runs. */
function descend(node: AnyNode): AnyNode {
  if (node.type === 'mdxJsxFlowElement') return { ...node, children: groupRuns(node.children) };
  if (node.type === 'element') {
    const children = FLOW_CONTAINERS.has(node.tagName) ? groupRuns(node.children) : node.children.map((child) => descend(child as AnyNode));
    return { ...node, children: children as ElementContent[] };
  }
  return node;
}

/** The rehype plugin: after highlighting, before the remaining code blocks become CodeBlock's data-html. */
export const rehypeStaticRuns = () => (tree: Root) => {
  tree.children = groupRuns(tree.children as AnyNode[]) as RootContent[];
};
