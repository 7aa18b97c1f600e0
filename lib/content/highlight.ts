import { createHighlighter, type Highlighter } from 'shiki';

export const CODE_LANGUAGES = ['go', 'ts', 'tsx', 'js', 'bash', 'sql', 'json', 'yaml', 'text'] as const;
export const CODE_THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const;

let highlighter: Promise<Highlighter> | undefined;

/** One highlighter per process: creating it loads grammars and themes, the slow part. */
export function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({
    themes: Object.values(CODE_THEMES),
    langs: CODE_LANGUAGES.filter((lang) => lang !== 'text'),
  });
  return highlighter;
}

/** Highlight to HTML with both themes as CSS variables, so the page switches theme without JavaScript. */
export async function highlightToHtml(code: string, lang: string): Promise<string> {
  const shiki = await getHighlighter();
  return shiki.codeToHtml(code, {
    lang: (CODE_LANGUAGES as readonly string[]).includes(lang) ? lang : 'text',
    themes: CODE_THEMES,
    defaultColor: false,
  });
}
