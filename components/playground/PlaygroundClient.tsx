'use client';

import { Fragment, useCallback, useEffect, useRef, useState } from 'react';
import { FileTabs } from './FileTabs';
import { LanguageChoice } from './LanguageChoice';
import { storeLanguage, type PlaygroundLanguage } from './language';
import { PlaygroundToolbar, runOnShortcut } from './PlaygroundToolbar';
import { domIds, type PlaygroundView } from './view';
import type { PlaygroundIslandProps } from './PlaygroundIsland';

type Island = React.ComponentType<PlaygroundIslandProps>;

let islandModule: Promise<Island> | undefined;

/** The interactive island (editor, terminal, runtimes, transpiler): one lazy chunk, fetched once per page. */
export function loadIsland(): Promise<Island> {
  islandModule ??= import('./PlaygroundIsland').then((m) => m.PlaygroundIsland);
  return islandModule;
}

/**
 * A file the server did not highlight (see Playground.tsx), shown as plain text with the same line
 * structure (and line numbers) until the editor arrives, which is usually at once: opening a tab
 * is an interaction, and interactions load the island.
 */
function PlainPanel({ source }: { source: string }) {
  const lines = source.split('\n');
  return (
    <div className="pg-static-code">
      <pre className="shiki" tabIndex={0}>
        <code>
          {lines.map((line, i) => (
            <Fragment key={i}>
              <span className="line">{line}</span>
              {i < lines.length - 1 ? '\n' : null}
            </Fragment>
          ))}
        </code>
      </pre>
    </div>
  );
}

/**
 * The part of a playground in the article's first-load JavaScript: the files (the first one
 * highlighted by the server) with working tabs, and a Run button. It fetches the island when the playground comes within
 * a screen of the viewport or the reader interacts with it (hover, focus, Run, Ctrl+Enter);
 * a Run pressed before the island arrives runs as soon as it does.
 */
export function PlaygroundClient({ view, variant, panels }: { view: PlaygroundView; variant: 'inline' | 'page'; panels: React.ReactNode[] }) {
  const [active, setActive] = useState(0);
  const [island, setIsland] = useState<{ Component: Island } | null>(null);
  const [runRequested, setRunRequested] = useState(false);
  // What the server rendered; the island shows the remembered choice.
  const [language, setLanguage] = useState<PlaygroundLanguage>('ts');
  const root = useRef<HTMLDivElement>(null);
  const ids = domIds(view.id);

  const load = useCallback(() => {
    loadIsland().then(
      (Component) => setIsland({ Component }),
      () => {
        // The chunk failed to load (offline?): let the next interaction try again.
        islandModule = undefined;
      },
    );
  }, []);

  useEffect(() => {
    const element = root.current;
    if (!element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          load();
        }
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [load]);

  if (island) {
    const { Component } = island;
    return <Component view={view} variant={variant} initialTab={active} autoRun={runRequested} />;
  }

  function run() {
    setRunRequested(true);
    load();
  }

  return (
    <div className="pg-body" ref={root} onPointerEnter={load} onFocus={load} onKeyDown={runOnShortcut(run)}>
      <PlaygroundToolbar
        statusId={ids.status}
        runLabel={runRequested ? 'Loading…' : 'Run'}
        onRun={run}
        stopDisabled
        resetDisabled
        status={runRequested ? 'Loading the playground…' : 'Edit the code and run it.'}
      />
      {/* The same row as the island's, so nothing moves when it arrives; a choice made here is kept for it. */}
      <LanguageChoice
        id={view.id}
        go={view.go}
        language={language}
        goEditable={view.files.some((f) => f.lang === 'go' && f.editable)}
        disabled={false}
        onChange={(language) => {
          storeLanguage(language);
          setLanguage(language);
          const index = view.files.findIndex((f) => (language === 'go' ? f.lang === 'go' : f.path === view.entry));
          if (index >= 0) setActive(index);
          load();
        }}
      />
      <FileTabs id={view.id} files={view.files} active={active} onSelect={setActive} />
      <div className="pg-code" role="tabpanel" id={ids.panel} aria-labelledby={ids.tab(active)}>
        {panels[active] ?? <PlainPanel source={view.files[active]!.source} />}
      </div>
      <div className="pg-output pg-output-placeholder">
        <p>Press Run (or Ctrl+Enter) to see the output here.</p>
      </div>
    </div>
  );
}
