'use client';

import { useRef } from 'react';
import { domIds, roleLabel, type PlaygroundFileView } from './view';

/**
 * The file tabs (WAI-ARIA tabs: arrow keys, Home and End move between them). Shared by the
 * server-rendered view and the interactive island so the two look the same.
 */
export function FileTabs({ id, files, active, onSelect, edited }: { id: string; files: PlaygroundFileView[]; active: number; onSelect: (index: number) => void; edited?: ReadonlySet<string> }) {
  const ids = domIds(id);
  const list = useRef<HTMLDivElement>(null);

  function onKeyDown(event: React.KeyboardEvent) {
    const last = files.length - 1;
    const next = event.key === 'ArrowRight' ? (active === last ? 0 : active + 1) : event.key === 'ArrowLeft' ? (active === 0 ? last : active - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : -1;
    if (next < 0) return;
    event.preventDefault();
    onSelect(next);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  }

  return (
    <div className="pg-tabs" role="tablist" aria-label="Files" ref={list} onKeyDown={onKeyDown}>
      {files.map((file, i) => (
        <button
          key={file.path}
          type="button"
          role="tab"
          id={ids.tab(i)}
          aria-selected={i === active}
          aria-controls={ids.panel}
          tabIndex={i === active ? 0 : -1}
          className={`pg-tab pg-tab-${file.role}`}
          onClick={() => onSelect(i)}
        >
          <span className="pg-tab-name">{file.path}</span>
          {edited?.has(file.path) && (
            <span className="pg-tab-edited" title="edited">
              <span aria-hidden="true"> •</span>
              <span className="visually-hidden"> (edited)</span>
            </span>
          )}
          <span className="pg-tab-role">{roleLabel(file)}</span>
        </button>
      ))}
    </div>
  );
}
