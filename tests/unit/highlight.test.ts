import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Element, Root, RootContent } from 'hast';
import { classTokens, codePalette, codeThemeCss, CODE_THEMES, getHighlighter, highlightToHtml, type CodePalette } from '../../lib/content/highlight';

type Look = { light: string; dark: string; font: string };

/** Each character's colours and font styles as the browser would show them, from inline styles or classes. */
function looks(node: Root | RootContent, palette: CodePalette, inherited: Look, out: Look[]): Look[] {
  if (node.type === 'text') {
    for (let i = 0; i < node.value.length; i++) out.push(inherited);
    return out;
  }
  if (node.type !== 'root' && node.type !== 'element') return out;
  let look = inherited;
  if (node.type === 'element') {
    const el = node as Element;
    look = { ...inherited };
    const style = typeof el.properties.style === 'string' ? el.properties.style : '';
    for (const declaration of style.split(';').filter(Boolean)) {
      const [name, value] = declaration.split(':').map((s) => s.trim().toLowerCase()) as [string, string];
      if (name.endsWith('-bg')) continue; // the page, not shiki, paints the code background
      if (name === '--shiki-light') look.light = value === 'inherit' ? look.light : value;
      else if (name === '--shiki-dark') look.dark = value === 'inherit' ? look.dark : value;
      else if (value !== 'inherit' && value !== 'normal') look.font += ` ${name}:${value}`;
    }
    const classes = String(el.properties.class ?? el.properties.className ?? '').split(/[ ,]+/);
    for (const cls of classes) {
      const match = /^([ld])(\d+|[ibus])$/.exec(cls);
      if (!match) continue;
      const key = match[1] === 'l' ? 'light' : 'dark';
      if (/\d/.test(match[2]!)) look[key] = palette.colors[key][Number(match[2])]!;
      else look.font += ` --shiki-${key}-${{ i: 'font-style:italic', b: 'font-weight:bold', u: 'text-decoration:underline', s: 'text-decoration:line-through' }[match[2]!]}`;
    }
  }
  for (const child of (node as Root | Element).children) looks(child, palette, look, out);
  return out;
}

const SAMPLES: [string, string][] = [
  ['go', 'package main\n\nimport "fmt"\n\n// main prints <b> & "q"\nfunc main() {\n\tx := map[string]int{"a": 1}\n\tfmt.Println(x, `raw\\n`, 0x1F, 3.5e2) /* é ✓ */\n}\n'],
  ['ts', 'const a: Array<number> = [1, 2];\nexport async function f<T>(x: T): Promise<T> { return x ?? null as never; }\n// `template ${a}`\n'],
  ['tsx', 'export const C = () => <div className="x">{1 < 2 && "&amp;"}</div>;\n'],
  ['bash', 'GOMAXPROCS=2 go test -race ./... | tee "out log" # comment\n'],
  ['sql', "SELECT id, name FROM users WHERE name LIKE '%a%' AND id > 3; -- note\n"],
  ['json', '{ "a": [1, true, null], "b": "<x>" }\n'],
  ['yaml', 'key: value # c\nlist:\n  - "one"\n  - 2\n'],
  ['text', 'plain <text> & more\n'],
];

describe('code highlighting as classes', () => {
  test('the committed stylesheet is the one the themes give', async () => {
    const expected = codeThemeCss(codePalette(await getHighlighter()));
    assert.equal(readFileSync('components/mdx/code-theme.css', 'utf8'), expected, 'stale: run node --import tsx scripts/code-theme-css.ts');
  });

  test('every character keeps the colours and font style of shiki inline styles, with the same text', async () => {
    const shiki = await getHighlighter();
    const palette = codePalette(shiki);
    const base: Look = { light: palette.fg.light, dark: palette.fg.dark, font: '' };
    for (const [lang, code] of SAMPLES) {
      const options = { lang, themes: CODE_THEMES, defaultColor: false as const };
      const styled = shiki.codeToHast(code, options);
      const classed = shiki.codeToHast(code, { ...options, transformers: [classTokens(palette)] });
      const before = looks(styled, palette, base, []);
      const after = looks(classed, palette, base, []);
      assert.equal(after.length, before.length, `${lang}: same number of characters`);
      assert.deepEqual(after, before, `${lang}: same look for every character`);
      const html = shiki.codeToHtml(code, { ...options, transformers: [classTokens(palette)] });
      assert.doesNotMatch(html, /style=/, `${lang}: no inline styles left`);
    }
  });

  test('the HTML is much smaller and reads back as the same code', async () => {
    const [, code] = SAMPLES[0]!;
    const shiki = await getHighlighter();
    const styled = shiki.codeToHtml(code, { lang: 'go', themes: CODE_THEMES, defaultColor: false });
    const classed = await highlightToHtml(code, 'go');
    assert.ok(classed.length < styled.length * 0.6, `${classed.length} bytes with classes vs ${styled.length} with styles`);
    const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&').replace(/&lt;/g, '<');
    assert.equal(text(classed), text(styled));
    assert.equal(text(classed), code);
  });
});
