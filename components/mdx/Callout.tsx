import { CALLOUT_ICONS as ICONS, CALLOUT_LABELS as LABELS } from '@/lib/content/article-markup';

/**
 * A callout next to something interactive. Everywhere else callouts reach the page as part of a
 * run of static HTML with the same markup (lib/content/static-html.ts).
 */
export function Callout({ type = 'note', title, children }: { type?: keyof typeof ICONS; title?: string; children: React.ReactNode }) {
  return (
    <aside className={`callout callout-${type}`} aria-label={title ?? LABELS[type]}>
      <p className="callout-title">
        <span className="callout-icon" aria-hidden="true">
          {ICONS[type]}
        </span>
        {title ?? LABELS[type]}
      </p>
      <div className="callout-body">{children}</div>
    </aside>
  );
}
