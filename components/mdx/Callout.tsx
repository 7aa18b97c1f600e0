const ICONS = { note: 'ℹ', tip: '✓', warning: '!', history: '↺' } as const;
const LABELS = { note: 'Note', tip: 'Tip', warning: 'Warning', history: 'Then and now' } as const;

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
