import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { ContentError } from './errors';

export interface SplitSource {
  /** Raw YAML between the --- fences. */
  yaml: string;
  /** 1-based line of the first YAML line in the file. */
  yamlStartLine: number;
}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

export function splitFrontmatter(file: string, source: string): SplitSource {
  const match = FENCE.exec(source);
  if (!match) throw new ContentError(file, 'missing frontmatter: the file must start with a --- fenced YAML block', { line: 1 });
  return { yaml: match[1] ?? '', yamlStartLine: 2 };
}

/** Parse YAML and validate it, reporting the first line of each invalid field. */
export function parseFrontmatter<S extends z.ZodType>(file: string, source: string, schema: S): z.infer<S> {
  const { yaml, yamlStartLine } = splitFrontmatter(file, source);
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const pos = lineCounter.linePos(yamlError.pos[0]);
    throw new ContentError(file, `invalid YAML in frontmatter: ${yamlError.message.split('\n')[0]}`, {
      line: yamlStartLine + pos.line - 1,
      column: pos.col,
    });
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  const field = path.length ? formatPath(path) : undefined;
  const line = yamlStartLine + (lineOfPath(doc, lineCounter, path) ?? 1) - 1;
  const problem = issue.code === 'invalid_type' && issue.message.includes('undefined') ? `missing required field "${field}"` : `${field ?? 'frontmatter'}: ${issue.message}`;
  throw new ContentError(file, problem, { line, field });
}

/**
 * The 1-based line of the deepest node on `path` that exists in a parsed YAML (or JSON) document:
 * a missing field points at its parent.
 */
export function lineOfPath(doc: Document, lineCounter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The line of a field in a JSON text (YAML is a superset of JSON and keeps source ranges). */
export function lineOfJsonField(json: string, path: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  return lineOfPath(parseDocument(json, { lineCounter }), lineCounter, path);
}

export function formatPath(path: (string | number)[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`)).join('');
}
