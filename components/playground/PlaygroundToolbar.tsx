import type { KeyboardEvent, ReactNode } from 'react';

/**
 * The playground's controls and status line, the same before the island loads (PlaygroundClient,
 * in the article's first-load JavaScript: keep this file free of imports) and after (PlaygroundIsland).
 */
export interface PlaygroundToolbarProps {
  /** The status paragraph's id; Run is described by it. */
  statusId: string;
  runLabel: string;
  onRun: () => void;
  onStop?: () => void;
  stopDisabled: boolean;
  onReset?: () => void;
  resetDisabled: boolean;
  status: string;
  /** Shown after the status line (the elapsed time of a run). */
  children?: ReactNode;
}

export function PlaygroundToolbar({ statusId, runLabel, onRun, onStop, stopDisabled, onReset, resetDisabled, status, children }: PlaygroundToolbarProps) {
  return (
    <div className="pg-toolbar">
      <button type="button" className="button-primary pg-run" onClick={onRun} aria-keyshortcuts="Control+Enter Meta+Enter" aria-describedby={statusId}>
        {runLabel}
      </button>
      <button type="button" className="button-secondary" onClick={onStop} disabled={stopDisabled}>
        Stop
      </button>
      <button type="button" className="button-secondary" onClick={onReset} disabled={resetDisabled}>
        Reset
      </button>
      <p className="pg-status" id={statusId} role="status">
        {status}
      </p>
      {children}
    </div>
  );
}

/** Ctrl+Enter (Cmd+Enter) anywhere in the playground runs it. */
export function runOnShortcut(run: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };
}
