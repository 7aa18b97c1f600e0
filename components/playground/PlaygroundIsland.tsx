'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { RUNTIME_LABELS, readPreference, readStoredPreference, storePreference, subscribePreference, parsePreference, type RuntimePreference } from '@/lib/runtime/choose';
import { formatSeconds, type RunResult } from '@/lib/runtime/types';
import { RUN_WAIT_MS } from '@/lib/runtime/webcontainer';
import { CodeEditor } from './CodeEditor';
import { FileTabs } from './FileTabs';
import { LanguageChoice } from './LanguageChoice';
import { Milestones } from './Milestones';
import { PlaygroundToolbar, runOnShortcut } from './PlaygroundToolbar';
import { PlaygroundSession, type RunStatus } from './session';
import { TerminalView } from './TerminalView';
import { Timeline } from './Timeline';
import { domIds, type PlaygroundView } from './view';

export interface PlaygroundIslandProps {
  view: PlaygroundView;
  variant: 'inline' | 'page';
  initialTab: number;
  /** Run as soon as it is mounted (the reader pressed Run before the island had loaded). */
  autoRun: boolean;
}

function describeResult(result: RunResult): string {
  const after = formatSeconds(Math.round(result.durationMs / 10) * 10);
  switch (result.reason) {
    case 'exit':
      return `Exited with code ${result.exitCode} after ${after}.`;
    case 'timeout':
      return `Stopped at the time limit after ${after}.`;
    case 'output-limit':
      return 'Stopped: the program wrote too much output.';
    case 'memory-limit':
      return 'Stopped: the program used too much memory.';
    case 'crashed':
      return result.message?.includes('WebContainer') ? 'Stopped: the WebContainer stopped working.' : 'Stopped: the sandbox stopped answering (out of memory?).';
    case 'killed':
      return result.durationMs > 0 ? `Stopped after ${after}.` : 'Stopped.';
    case 'error':
      return `Did not run: ${result.message ?? 'an error'}`;
  }
}

function describeStatus(status: RunStatus, edited: boolean): string {
  switch (status.phase) {
    case 'idle':
      return edited ? 'Your edits are kept in this browser until Reset.' : 'Edit the code and run it.';
    case 'deciding':
      return 'Choosing a runtime…';
    case 'booting':
      return `Waiting for the WebContainer to finish starting (at most ${RUN_WAIT_MS / 1000} s, then the sandbox)…`;
    case 'transpiling':
      return 'Transpiling TypeScript…';
    case 'compiling':
      return 'Building main.go with the Go toolchain…';
    case 'starting':
      return 'Starting the program…';
    case 'running':
      return `Running in the ${RUNTIME_LABELS[status.runtime ?? 'sandbox']}…`;
    case 'done':
      return describeResult(status.result);
  }
}

/** Seconds since `since`, ticking while shown (not in the live region: it would chatter). */
function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className="pg-elapsed" aria-hidden="true">
      {((now - since) / 1000).toFixed(1)} s
    </span>
  );
}

const noSubscribe = () => () => {};

/**
 * The interactive playground, loaded lazily by PlaygroundClient: CodeMirror over the files,
 * the xterm terminal, the timeline, and the controls. State lives in a PlaygroundSession.
 */
export function PlaygroundIsland({ view, variant, initialTab, autoRun }: PlaygroundIslandProps) {
  const [session] = useState(() => new PlaygroundSession(view));
  const snapshot = useSyncExternalStore(session.subscribe, session.getSnapshot, session.getSnapshot);
  const [active, setActive] = useState(initialTab);
  const stored = useSyncExternalStore(subscribePreference, readStoredPreference, () => 'auto' as RuntimePreference);
  const queryPreference = useSyncExternalStore(noSubscribe, () => (readPreference().source === 'query' ? readPreference().preference : null), () => null);
  const ids = domIds(view.id);
  const { status, decision, edits, generation, events } = snapshot;
  const running = status.phase !== 'idle' && status.phase !== 'done';
  const edited = new Set(Object.keys(edits));

  useEffect(() => {
    session.warmUp();
    if (autoRun) void session.run();
    return () => session.dispose();
    // Mount only: autoRun is the reader's click before the island arrived.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session]);

  const run = () => void session.run();

  return (
    <div className={`pg-body pg-live pg-${status.phase}`} data-status={status.phase === 'done' ? status.result.reason : status.phase} onKeyDown={runOnShortcut(run)}>
      <PlaygroundToolbar
        statusId={ids.status}
        runLabel={running ? 'Restart' : 'Run'}
        onRun={run}
        onStop={() => session.stop()}
        stopDisabled={!running}
        onReset={() => session.reset()}
        resetDisabled={running || (edited.size === 0 && snapshot.runs === 0)}
        status={status.phase === 'compiling' && snapshot.progress ? snapshot.progress : describeStatus(status, edited.size > 0)}
      >
        {running && 'since' in status && <Elapsed since={status.since} />}
      </PlaygroundToolbar>
      <LanguageChoice
        id={view.id}
        go={view.go}
        language={snapshot.language}
        goEditable={view.files.some((f) => f.lang === 'go' && f.editable)}
        disabled={running}
        onChange={(language) => {
          session.setLanguage(language);
          // Show the file that will run.
          const index = view.files.findIndex((f) => (language === 'go' ? f.lang === 'go' : f.path === view.entry));
          if (index >= 0) setActive(index);
        }}
      />
      <FileTabs id={view.id} files={view.files} active={active} onSelect={setActive} edited={edited} />
      <CodeEditor files={view.files} active={active} docs={edits} generation={generation} panelId={ids.panel} labelledBy={ids.tab(active)} onChange={(path, text) => session.edit(path, text)} onRun={run} diagnostics={snapshot.diagnostics} />
      <div className={`pg-output pg-output-${variant}`}>
        <TerminalView
          label={`Output of ${view.title}; type here to send input to the running program`}
          greeting={`Press Run (Ctrl+Enter) to run ${view.entry}: its output appears here, and a timeline of what ran concurrently below.`}
          onReady={(terminal) => session.setTerminal(terminal)} onTrace={(event) => session.trace(event)} onResize={(cols, rows) => session.resize(cols, rows)} />
      </div>
      <Timeline id={view.id} events={events} />
      <Milestones id={view.id} events={events} />
      <div className="pg-runtime">
        <p className="pg-runtime-reason" data-runtime={decision?.kind ?? ''}>
          {decision ? (
            <>
              <strong>{decision.kind === 'sandbox' ? 'Sandbox' : decision.kind === 'go-wasm' ? 'Go' : 'WebContainer'}.</strong> {decision.reason}
            </>
          ) : (
            'Programs run in a WebContainer (Node.js in your browser, by StackBlitz) when one is ready here, otherwise in an in-browser sandbox.'
          )}
        </p>
        <label className="pg-runtime-setting">
          Runtime{' '}
          <select value={stored} onChange={(event) => storePreference(parsePreference(event.target.value) ?? 'auto')}>
            <option value="auto">Automatic</option>
            <option value="webcontainer">WebContainer</option>
            <option value="sandbox">In-browser sandbox</option>
          </select>
          {queryPreference && <span className="muted"> (this page&apos;s address forces {queryPreference})</span>}
        </label>
      </div>
    </div>
  );
}
