/**
 * Markup shared by the two ways an article's pieces reach the page: the HTML that
 * lib/content/static-html.ts writes at build time, and the React components in components/mdx/
 * (used where a piece sits next to something interactive). Constants only: the article's client
 * component imports this file too.
 */

export const CALLOUT_ICONS = { note: 'ℹ', tip: '✓', warning: '!', history: '↺' } as const;
export const CALLOUT_LABELS = { note: 'Note', tip: 'Tip', warning: 'Warning', history: 'Then and now' } as const;

/** The copy button of a code block: what it says, and what it announces, in each state. */
export const COPY_BUTTON = {
  className: 'copy-button',
  ariaLabel: 'Copy code to clipboard',
  label: { idle: 'Copy', copied: 'Copied', failed: 'Copy failed' },
  status: { idle: '', copied: 'Code copied to clipboard', failed: 'Could not copy the code' },
} as const;

export const HEADING_ANCHOR_LABEL = 'Link to this section';

/** The element around each run of static HTML: `display: contents`, so it adds no box to the layout. */
export const STATIC_RUN_CLASS = 'mdx-static';
