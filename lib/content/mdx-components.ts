/**
 * The components an article may use. The React map in components/mdx/ provides exactly these;
 * the compiler rejects any other capitalised tag so a typo fails the build, not the page.
 */
export const MDX_COMPONENT_NAMES = ['Callout', 'Figure', 'Playground', 'SelfCheck', 'ZOrderFigure'] as const;
export type MdxComponentName = (typeof MDX_COMPONENT_NAMES)[number];

export const CALLOUT_TYPES = ['note', 'tip', 'warning', 'history'] as const;
