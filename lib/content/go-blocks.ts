/**
 * The three kinds of Go code block an article may hold, named by the fence's meta:
 *
 *   ```go                          a complete file (package clause first): built and vetted alone
 *   ```go fragment                 a piece of a file: parsed with gofmt
 *   ```go file=content/go/x/y.go   lines of a real, tested file in the repository, in order
 *
 * Pure: the Go toolchain is run by scripts/go-check.ts.
 */

export type GoBlockKind = { kind: 'file' } | { kind: 'fragment' } | { kind: 'excerpt'; path: string };

export interface GoBlock {
  /** Line in the article of the block's first code line (the line after the fence). */
  line: number;
  code: string;
  kind: GoBlockKind;
}

export const GO_FENCE_HELP = 'write ```go for a complete file, ```go fragment for a piece of one, or ```go file=content/go/<pkg>/<name>.go for an excerpt of a tested file';

/** Reads a Go fence's meta; a string is the problem with it. */
export function parseGoMeta(meta: string | null | undefined): GoBlockKind | string {
  const words = (meta ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'file' };
  if (words.length === 1 && words[0] === 'fragment') return { kind: 'fragment' };
  const file = words.length === 1 ? /^file=(.+)$/.exec(words[0] ?? '') : null;
  if (file?.[1]) {
    const target = file[1].replace(/^["']|["']$/g, '');
    if (!/^content\/go\/[\w./-]+\.go$/.test(target) || target.split('/').includes('..')) {
      return `file=${target} must name a .go file under content/go/`;
    }
    return { kind: 'excerpt', path: target };
  }
  return `unknown Go fence meta "${(meta ?? '').trim()}": ${GO_FENCE_HELP}`;
}

/**
 * Whether every line of `code` stands, in order and contiguously, in `file` (trailing white space
 * ignored). Otherwise, the first block line (1-based) that no placement of the block matches.
 */
export function excerptMismatch(code: string, file: string): { blockLine: number; text: string } | undefined {
  const block = trimmedLines(code);
  while (block.length && block.at(-1) === '') block.pop();
  const lines = trimmedLines(file);
  let best = 0;
  for (let start = 0; start + best < lines.length && best < block.length; start++) {
    let matched = 0;
    while (matched < block.length && lines[start + matched] === block[matched]) matched++;
    best = Math.max(best, matched);
  }
  return best === block.length ? undefined : { blockLine: best + 1, text: block[best] ?? '' };
}

/** True when the file's first line that is not a comment or blank is a package clause. */
export function startsWithPackageClause(code: string): boolean {
  let inBlockComment = false;
  for (const raw of code.split('\n')) {
    let line = raw.trim();
    if (inBlockComment) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      inBlockComment = false;
      line = line.slice(end + 2).trim();
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      inBlockComment = !line.includes('*/', 2);
      continue;
    }
    return /^package\s+[A-Za-z_]\w*/.test(line);
  }
  return false;
}

function trimmedLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((line) => line.trimEnd());
}
