import { createHighlighter, type Highlighter, type ShikiTransformer } from 'shiki';
import type { Element, ElementContent } from 'hast';

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

type ThemeKey = keyof typeof CODE_THEMES;
/** Class prefix per theme: `l3` is light palette colour 3, `d3` dark palette colour 3. */
const PREFIX: Record<ThemeKey, string> = { light: 'l', dark: 'd' };
/** Font styles a theme can give a token, as shiki writes them, and the class suffix for each. */
const FONT_STYLES: Record<string, [suffix: string, css: string]> = {
  'font-style:italic': ['i', 'font-style: italic'],
  'font-weight:bold': ['b', 'font-weight: bold'],
  'text-decoration:underline': ['u', 'text-decoration: underline'],
  'text-decoration:line-through': ['s', 'text-decoration: line-through'],
};

export interface CodePalette {
  /** The theme's default foreground: tokens of this colour need no span, they inherit it from <pre>. */
  fg: Record<ThemeKey, string>;
  /** Every token colour of each theme, lowercase and sorted, so class names only change when a theme does. */
  colors: Record<ThemeKey, string[]>;
}

export function codePalette(shiki: Highlighter): CodePalette {
  const fg = {} as Record<ThemeKey, string>;
  const colors = {} as Record<ThemeKey, string[]>;
  for (const key of Object.keys(CODE_THEMES) as ThemeKey[]) {
    const theme = shiki.getTheme(CODE_THEMES[key]);
    fg[key] = theme.fg.toLowerCase();
    const found = new Set<string>();
    for (const rule of theme.settings) if (rule.settings?.foreground) found.add(rule.settings.foreground.toLowerCase());
    found.delete(fg[key]);
    colors[key] = [...found].sort();
  }
  return { fg, colors };
}

/**
 * The stylesheet the token classes need: components/mdx/code-theme.css, written by
 * scripts/code-theme-css.ts; a unit test fails when the file is stale. Light rules apply only
 * outside the dark theme, so a token whose dark colour is the default needs no dark class to lose
 * its light colour.
 */
export function codeThemeCss(palette: CodePalette): string {
  const scope: Record<ThemeKey, string> = { light: ":root:not([data-theme='dark']) .shiki", dark: ":root[data-theme='dark'] .shiki" };
  const lines = [
    '/* Generated from the shiki themes by scripts/code-theme-css.ts (codeThemeCss in lib/content/highlight.ts); do not edit. */',
    '/* Token colours as classes: one short class per colour instead of an inline style on every token. */',
  ];
  for (const key of Object.keys(CODE_THEMES) as ThemeKey[]) {
    lines.push('', `/* ${CODE_THEMES[key]} */`, `${scope[key]} {`, `  color: ${palette.fg[key]};`, '}');
    palette.colors[key].forEach((color, i) => lines.push(`${scope[key]} .${PREFIX[key]}${i} {`, `  color: ${color};`, '}'));
    for (const [suffix, css] of Object.values(FONT_STYLES)) lines.push(`${scope[key]} .${PREFIX[key]}${suffix} {`, `  ${css};`, '}');
  }
  return lines.join('\n') + '\n';
}

/**
 * Replaces shiki's per-token inline styles (`--shiki-light:#A0111F;--shiki-dark:#FF9492`, about 50
 * bytes on each of thousands of tokens) with classes from the palette, and drops the span of a token
 * in the default colours altogether. A declaration it does not know stays as a style, so nothing is
 * ever lost. The code text is untouched.
 */
export function classTokens(palette: CodePalette): ShikiTransformer {
  const index = (Object.keys(CODE_THEMES) as ThemeKey[]).map((key) => ({
    variable: `--shiki-${key}`,
    key,
    classOf: new Map(palette.colors[key].map((color, i) => [color, `${PREFIX[key]}${i}`])),
  }));

  function toClasses(style: string): { classes: string[]; rest: string[] } {
    const classes: string[] = [];
    const rest: string[] = [];
    for (const declaration of style.split(';')) {
      if (!declaration.trim()) continue;
      const colon = declaration.indexOf(':');
      const name = declaration.slice(0, colon).trim();
      const value = declaration.slice(colon + 1).trim().toLowerCase();
      const theme = index.find((t) => name.startsWith(t.variable));
      if (theme && name === theme.variable) {
        if (value === palette.fg[theme.key] || value === 'inherit') continue; // shiki writes inherit when one theme has no colour
        const cls = theme.classOf.get(value);
        if (cls) classes.push(cls);
        else rest.push(declaration);
        continue;
      }
      const font = theme && FONT_STYLES[`${name.slice(theme.variable.length + 1)}:${value}`];
      if (theme && font) classes.push(`${PREFIX[theme.key]}${font[0]}`);
      else if (!(theme && /^(normal|none|inherit)$/.test(value))) rest.push(declaration);
    }
    return { classes, rest };
  }

  return {
    name: 'gfg:class-tokens',
    pre(node) {
      // The default colours come from the stylesheet; the background is the page's code background.
      delete node.properties.style;
      delete node.properties.className;
      node.properties.class = 'shiki'; // the theme names in shiki's classes are not used

    },
    span(node) {
      const style = node.properties.style;
      if (typeof style !== 'string') return;
      const { classes, rest } = toClasses(style);
      delete node.properties.style;
      if (rest.length) node.properties.style = rest.join(';');
      if (classes.length) node.properties.class = classes.join(' ');
    },
    line(node) {
      // A span with neither class nor style is just text in the default colour: keep only the text.
      const children: ElementContent[] = [];
      for (const child of node.children) {
        const plain = child.type === 'element' && child.tagName === 'span' && Object.keys(child.properties).length === 0;
        for (const part of plain ? (child as Element).children : [child]) {
          const previous = children.at(-1);
          if (part.type === 'text' && previous?.type === 'text') previous.value += part.value;
          else children.push(part.type === 'text' ? { ...part } : part);
        }
      }
      node.children = children;
    },
  };
}

let transformer: Promise<ShikiTransformer> | undefined;

/** The class transformer for the process-wide highlighter. */
export function getClassTransformer(): Promise<ShikiTransformer> {
  transformer ??= getHighlighter().then((shiki) => classTokens(codePalette(shiki)));
  return transformer;
}

/** Highlight to HTML with both themes as classes, so the page switches theme without JavaScript. */
export async function highlightToHtml(code: string, lang: string): Promise<string> {
  const shiki = await getHighlighter();
  return shiki.codeToHtml(code, {
    lang: (CODE_LANGUAGES as readonly string[]).includes(lang) ? lang : 'text',
    themes: CODE_THEMES,
    defaultColor: false,
    transformers: [await getClassTransformer()],
  });
}
