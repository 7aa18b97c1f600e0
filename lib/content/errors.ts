/**
 * An authoring mistake, located in its file so a writer can act on it.
 * `field` names a frontmatter or JSON field; `line`/`column` point into the file (1-based).
 */
export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly where: { line?: number; column?: number; field?: string } = {},
  ) {
    super(formatLocation(file, where) + ': ' + problem);
    this.name = 'ContentError';
  }
}

export function formatLocation(file: string, where: { line?: number; column?: number; field?: string }): string {
  let text = file;
  if (where.line !== undefined) text += `:${where.line}` + (where.column !== undefined ? `:${where.column}` : '');
  if (where.field) text += ` (${where.field})`;
  return text;
}

/** Several errors at once, so a writer fixes them in one pass instead of one build per mistake. */
export class ContentErrors extends Error {
  constructor(readonly errors: ContentError[]) {
    super(`${errors.length} content error${errors.length === 1 ? '' : 's'}:\n` + errors.map((e) => '  ' + e.message).join('\n'));
    this.name = 'ContentErrors';
  }
}
