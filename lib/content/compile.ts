import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bundleMDX } from 'mdx-bundler';
import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import { hastToHtml } from 'shiki';
import remarkGfm from 'remark-gfm';
import rehypeSlug from 'rehype-slug';
import { toString as hastToString } from 'hast-util-to-string';
import { toString as mdastToString } from 'mdast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';
import type { Root as MdastRoot, Node as MdastNode } from 'mdast';
import type { Root as HastRoot, Element, ElementContent, RootContent } from 'hast';
import { ContentError } from './errors';
import { excerptMismatch, parseGoMeta, startsWithPackageClause, type GoBlock } from './go-blocks';
import { CODE_LANGUAGES, CODE_THEMES, getClassTransformer, getHighlighter } from './highlight';
import { CALLOUT_TYPES, MDX_COMPONENT_NAMES } from './mdx-components';
import { parseSelfCheck } from './self-check';
import { isShikiBlock, rehypeStaticRuns } from './static-html';

export interface Heading {
  id: string;
  text: string;
  depth: 2 | 3;
}

/** A searchable slice of an article: the intro (id '') or one h2/h3 with the text under it. */
export interface Section {
  id: string;
  heading: string;
  depth: 0 | 2 | 3;
  text: string;
}

export interface Located {
  line?: number;
  column?: number;
}
export interface LinkRef extends Located {
  url: string;
}
export interface PlaygroundRef extends Located {
  id: string;
}
export interface FigureRef extends Located {
  alt: string;
  caption: string;
}

export interface CompiledMdx {
  code: string;
  headings: Heading[];
  sections: Section[];
  links: LinkRef[];
  playgroundRefs: PlaygroundRef[];
  figures: FigureRef[];
  selfCheckQuestions: number;
  wordCount: number;
  /** Go code blocks, for the Go check (scripts/go-check.ts). */
  goBlocks: GoBlock[];
}

interface JsxAttribute {
  type: string;
  name?: string;
  value?: string | { type: string; value: string } | null;
}
interface JsxElement extends MdastNode {
  name: string | null;
  attributes: JsxAttribute[];
  children: MdastNode[];
}

const ALLOWED_COMPONENTS = new Set<string>(MDX_COMPONENT_NAMES);
const ALLOWED_LANGUAGES = new Set<string>(CODE_LANGUAGES);

function at(node: MdastNode | Element): Located {
  return { line: node.position?.start.line, column: node.position?.start.column };
}

function literalAttribute(node: JsxElement, name: string): string | undefined {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return typeof attribute?.value === 'string' ? attribute.value : undefined;
}

function expressionAttribute(node: JsxElement, name: string): string | undefined {
  const attribute = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === name);
  return attribute?.value && typeof attribute.value === 'object' ? attribute.value.value : undefined;
}

const isJsx = (node: MdastNode): node is JsxElement =>
  node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';

/**
 * Compile one article's MDX (frontmatter included, so reported lines match the file).
 * Authoring mistakes come back as ContentErrors with file and line; nothing is thrown half-way.
 */
export async function compileMdx(
  file: string,
  source: string,
  root: string,
  { staticRuns = true }: { staticRuns?: boolean } = {},
): Promise<{ compiled: CompiledMdx; errors: ContentError[] }> {
  const publicDir = path.join(root, 'public');
  const errors: ContentError[] = [];
  const fail = (problem: string, where: Located) => errors.push(new ContentError(file, problem, where));
  const collected: Omit<CompiledMdx, 'code'> = {
    headings: [],
    sections: [],
    links: [],
    playgroundRefs: [],
    figures: [],
    selfCheckQuestions: 0,
    wordCount: 0,
    goBlocks: [],
  };

  /** Checks every node a writer can get wrong and gathers links, playgrounds, figures and words. */
  const remarkInspect = () => (tree: MdastRoot) => {
    visit(tree, (node: MdastNode) => {
      if (node.type === 'code') {
        const lang = (node as unknown as { lang?: string | null }).lang;
        if (!lang) fail('code block without a language: write ```go, ```ts, ```text …', at(node));
        else if (!ALLOWED_LANGUAGES.has(lang)) fail(`unknown code language "${lang}" (known: ${CODE_LANGUAGES.join(', ')})`, at(node));
        else if (lang === 'go') inspectGoBlock(node as unknown as { meta?: string | null; value: string } & MdastNode);
        return SKIP;
      }
      if (node.type === 'link') collected.links.push({ url: (node as unknown as { url: string }).url, ...at(node) });
      if (node.type === 'image') {
        const url = (node as unknown as { url: string }).url;
        checkImage(url, at(node));
        if (!(node as unknown as { alt?: string }).alt) fail(`image ${url} has no alt text`, at(node));
      }
      if (node.type === 'text' || node.type === 'inlineCode') collected.wordCount += countWords(mdastToString(node));
      if (!isJsx(node) || !node.name) return undefined;

      const name = node.name;
      if (/^[A-Z]/.test(name) && !ALLOWED_COMPONENTS.has(name)) {
        fail(`unknown component <${name}> (available: ${MDX_COMPONENT_NAMES.join(', ')})`, at(node));
      }
      if (name === 'svg' || name === 'SelfCheck') {
        if (name === 'SelfCheck') inspectSelfCheck(node);
        return SKIP; // diagram labels and quiz text are not prose
      }
      if (name === 'Playground') {
        const id = literalAttribute(node, 'id');
        if (!id) fail('<Playground> needs a literal id, like <Playground id="errgroup" />', at(node));
        else collected.playgroundRefs.push({ id, ...at(node) });
      }
      if (name === 'Callout') {
        const type = literalAttribute(node, 'type') ?? 'note';
        if (!(CALLOUT_TYPES as readonly string[]).includes(type)) fail(`<Callout type="${type}"> is not one of ${CALLOUT_TYPES.join(', ')}`, at(node));
      }
      if (name === 'Figure') {
        const alt = literalAttribute(node, 'alt');
        const caption = literalAttribute(node, 'caption');
        if (!alt || alt.trim().length < 20) fail('<Figure> needs an alt text of at least 20 characters describing the diagram', at(node));
        if (!caption) fail('<Figure> needs a caption', at(node));
        const src = literalAttribute(node, 'src');
        if (src) checkImage(src, at(node));
        else if (!node.children.some((child) => isJsx(child) && child.name === 'svg')) fail('<Figure> needs an inline <svg> child or a src', at(node));
        collected.figures.push({ alt: alt ?? '', caption: caption ?? '', ...at(node) });
      }
      return undefined;
    });
  };

  /** A Go block's kind from its fence; an excerpt must match its file now, with or without Go installed. */
  function inspectGoBlock(node: { meta?: string | null; value: string } & MdastNode) {
    const kind = parseGoMeta(node.meta);
    if (typeof kind === 'string') return fail(kind, at(node));
    const line = (node.position?.start.line ?? 0) + 1;
    if (kind.kind === 'file' && !startsWithPackageClause(node.value)) {
      return fail('Go block is not a complete file (no package clause): mark a piece of code ```go fragment', at(node));
    }
    if (kind.kind === 'excerpt') {
      const target = path.join(root, kind.path);
      if (!existsSync(target)) return fail(`file=${kind.path} does not exist`, at(node));
      const mismatch = excerptMismatch(node.value, readFileSync(target, 'utf8'));
      if (mismatch) return fail(`Go excerpt differs from ${kind.path} at its line ${mismatch.blockLine}: "${mismatch.text.trim()}" is not where the lines before it are`, { line: line + mismatch.blockLine - 1 });
    }
    collected.goBlocks.push({ line, code: node.value, kind });
  }

  function inspectSelfCheck(node: JsxElement) {
    const expression = expressionAttribute(node, 'questions');
    if (!expression) return fail('<SelfCheck> needs questions={[…]}', at(node));
    const result = parseSelfCheck(expression);
    if (typeof result === 'string') return fail(`<SelfCheck> ${result}`, at(node));
    collected.selfCheckQuestions += result.length;
  }

  function checkImage(src: string, where: Located) {
    if (/^https?:/.test(src)) return fail(`image ${src} must be a local file under public/, not a remote URL`, where);
    if (!existsSync(path.join(publicDir, decodeURI(src.split(/[?#]/)[0] ?? '')))) fail(`image ${src} does not exist in public/`, where);
  }

  /** Headings (ids from rehype-slug, the same ids the page renders) and section text for search. */
  const rehypeCollect = () => (tree: HastRoot) => {
    let current: Section = { id: '', heading: '', depth: 0, text: '' };
    const sections: Section[] = [current];
    for (const child of tree.children) {
      const element = child.type === 'element' ? child : undefined;
      if (element && (element.tagName === 'h2' || element.tagName === 'h3')) {
        const id = String(element.properties.id ?? '');
        const text = hastToString(element).trim();
        const depth = element.tagName === 'h2' ? 2 : 3;
        collected.headings.push({ id, text, depth });
        current = { id, heading: text, depth, text: '' };
        sections.push(current);
        continue;
      }
      current.text += ' ' + proseText(child);
    }
    collected.sections = sections
      .map((section) => ({ ...section, text: section.text.replace(/\s+/g, ' ').trim() }))
      .filter((section) => section.id || section.text);
  };

  /**
   * A highlighted block that is not part of a static run (lib/content/static-html.ts) leaves MDX as
   * one HTML string on <pre data-html> (rendered by CodeBlock with dangerouslySetInnerHTML), not as
   * a JSX element per token: the RSC payload of the page then carries one string per block instead
   * of thousands of nodes.
   */
  const rehypeCodeAsHtml = () => (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (!isShikiBlock(node)) return undefined; // class="shiki" is set by the class transformer
      node.properties['data-html'] = hastToHtml(node.children);
      node.children = [];
      return SKIP;
    });
  };

  const highlighter = await getHighlighter();
  const classTokens = await getClassTransformer();
  try {
    const { code } = await bundleMDX({
      source,
      cwd: path.join(root, path.dirname(file)),
      esbuildOptions: (options) => ({ ...options, logLevel: 'silent' }),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkInspect];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          rehypeCollect,
          [
            rehypeShikiFromHighlighter,
            highlighter,
            {
              themes: CODE_THEMES,
              defaultColor: false,
              fallbackLanguage: 'text',
              // The copy bar shows the language; shiki itself does not record it on <pre>.
              transformers: [{ pre(node: Element) { node.properties['data-language'] = (this as unknown as { options: { lang: string } }).options.lang; } }, classTokens],
            },
          ],
          // Every stretch without interactive components as one HTML string, then any code block left.
          ...(staticRuns ? [rehypeStaticRuns] : []),
          rehypeCodeAsHtml,
        ];
        return options;
      },
    });
    return { compiled: { code, ...collected }, errors };
  } catch (error) {
    errors.push(...fromBuildFailure(file, error));
    return { compiled: { code: '', ...collected }, errors };
  }
}

/**
 * esbuild wraps MDX syntax errors. Its location is sometimes line 0 with the real position only in the
 * text ("… `<Callout>` (18:1-18:21)"), so take the position from the text when the location is empty.
 */
function fromBuildFailure(file: string, error: unknown): ContentError[] {
  const failure = error as { errors?: { text: string; location?: { line: number; column: number } | null }[] };
  if (!Array.isArray(failure.errors) || failure.errors.length === 0) {
    return [new ContentError(file, `MDX compile failed: ${error instanceof Error ? error.message : String(error)}`)];
  }
  return failure.errors.map((e) => {
    const text = e.text.replace(/^Cannot process MDX file with esbuild:\s*/, '').replace(/^\d+:\d+: /, '').trim();
    const fromText = /\((\d+):(\d+)-\d+:\d+\)/.exec(text);
    const line = e.location?.line ? e.location.line : fromText ? Number(fromText[1]) : undefined;
    const column = e.location?.line ? e.location.column + 1 : fromText ? Number(fromText[2]) : undefined;
    const problem = text.replace(/^Could not parse expression with acorn/, 'invalid JavaScript expression');
    return new ContentError(file, `MDX syntax error: ${problem}`, { line, column });
  });
}

/** Text a reader reads: code blocks, diagrams and quizzes left out. */
function proseText(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    if (node.tagName === 'pre' || node.tagName === 'svg') return '';
    return node.children.map(proseText).join(' ');
  }
  const jsx = node as unknown as { type: string; name?: string; children?: (RootContent | ElementContent)[] };
  if ((jsx.type === 'mdxJsxFlowElement' || jsx.type === 'mdxJsxTextElement') && jsx.children) {
    if (jsx.name === 'svg' || jsx.name === 'SelfCheck' || jsx.name === 'Playground') return '';
    return jsx.children.map(proseText).join(' ');
  }
  return '';
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
