/** Writes components/mdx/code-theme.css from the shiki themes: run after changing CODE_THEMES or upgrading shiki. */
import { writeFileSync } from 'node:fs';
import { codePalette, codeThemeCss, getHighlighter } from '../lib/content/highlight';

writeFileSync('components/mdx/code-theme.css', codeThemeCss(codePalette(await getHighlighter())));
console.log('wrote components/mdx/code-theme.css');
