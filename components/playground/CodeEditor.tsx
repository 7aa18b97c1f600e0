'use client';

import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { go } from '@codemirror/legacy-modes/mode/go';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, Prec, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import type { RunDiagnostic } from '@/lib/runtime/types';
import type { PlaygroundFileView } from './view';

/** Compile errors (file:line:column) as CodeMirror diagnostics on the lines they name. */
function toDiagnostics(state: EditorState, diagnostics: readonly RunDiagnostic[]): Diagnostic[] {
  return diagnostics
    .filter((d) => d.line >= 1 && d.line <= state.doc.lines)
    .map((d) => {
      const line = state.doc.line(d.line);
      const from = Math.min(line.from + Math.max(0, (d.column ?? 1) - 1), line.to);
      return { from, to: from < line.to ? from + 1 : from, severity: 'error' as const, message: d.message, source: 'go build' };
    });
}

/** Colours from playground.css variables, so the editor follows the site's light and dark themes. */
const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword, t.modifier], color: 'var(--pg-syn-keyword)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--pg-syn-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--pg-syn-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--pg-syn-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))], color: 'var(--pg-syn-function)' },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], color: 'var(--pg-syn-type)' },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: 'var(--pg-syn-definition)' },
  { tag: [t.propertyName], color: 'var(--pg-syn-property)' },
  { tag: [t.operator, t.punctuation], color: 'var(--pg-syn-punctuation)' },
  { tag: t.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13.5px', backgroundColor: 'var(--code-bg)', color: 'var(--fg)' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55', overflow: 'auto' },
  '.cm-content': { caretColor: 'var(--fg)', padding: '0.6rem 0' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', border: 'none', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--pg-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--pg-active-line)', color: 'var(--fg)' },
  '&.cm-focused': { outline: '3px solid var(--accent)', outlineOffset: '-3px' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--pg-selection) !important' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--pg-selection)', outline: 'none' },
});

function extensionsFor(file: PlaygroundFileView, onRun: () => void, onChange: (text: string) => void): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    syntaxHighlighting(highlightStyle),
    // Mod-Enter runs (before the default keymap's newline); Escape then Tab leaves the editor, as CodeMirror documents.
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: () => (onRun(), true), preventDefault: true }])),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    file.lang === 'go' ? [StreamLanguage.define(go), lintGutter()] : javascript({ typescript: true }),
    EditorState.tabSize.of(file.lang === 'go' ? 4 : 2),
    EditorState.readOnly.of(!file.editable),
    EditorView.contentAttributes.of({
      // An explicit tab stop, so checkers see that the scrolling editor is reachable by keyboard.
      tabindex: '0',
      'aria-label': `${file.path}${file.editable ? ', editable' : ', read-only'}. Ctrl+Enter runs; press Escape then Tab to leave the editor.`,
    }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
    theme,
  ];
}

/**
 * CodeMirror 6 over the playground's files: one view, one EditorState per file (so each keeps
 * its own undo history when the reader switches tabs). `generation` changes on Reset, which
 * rebuilds every document from `docs`.
 */
export function CodeEditor({
  files,
  active,
  docs,
  generation,
  panelId,
  labelledBy,
  onChange,
  onRun,
  diagnostics = [],
}: {
  files: PlaygroundFileView[];
  active: number;
  docs: Readonly<Record<string, string>>;
  generation: number;
  panelId: string;
  labelledBy: string;
  onChange: (path: string, text: string) => void;
  onRun: () => void;
  /** Compile errors from the last run (the Go toolchain's), marked on their lines. */
  diagnostics?: readonly RunDiagnostic[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const shown = useRef<{ path: string; generation: number } | null>(null);
  const latest = useRef({ onChange, onRun, docs, files });
  useEffect(() => {
    latest.current = { onChange, onRun, docs, files };
  });

  // The view: created once.
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const editor = new EditorView({ parent: element });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
      shown.current = null;
    };
  }, []);

  // Show the active file, creating its state the first time; Reset (a new generation) forgets
  // every document and its history.
  useEffect(() => {
    const editor = view.current;
    const file = latest.current.files[active];
    if (!editor || !file) return;
    if (shown.current && shown.current.generation !== generation) states.current.clear();
    else if (shown.current) states.current.set(shown.current.path, editor.state); // keep the state being left
    let state = states.current.get(file.path);
    if (!state) {
      state = EditorState.create({
        doc: latest.current.docs[file.path] ?? file.source,
        extensions: extensionsFor(
          file,
          () => latest.current.onRun(),
          (text) => latest.current.onChange(file.path, text),
        ),
      });
      states.current.set(file.path, state);
    }
    editor.setState(state);
    shown.current = { path: file.path, generation };
  }, [active, generation]);

  // Mark the last run's compile errors in the file they name (cleared by the next run).
  useEffect(() => {
    const editor = view.current;
    const file = files[active];
    if (!editor || !file) return;
    const mine = diagnostics.filter((d) => d.file === file.path);
    editor.dispatch(setDiagnostics(editor.state, toDiagnostics(editor.state, mine)));
  }, [diagnostics, active, generation, files]);

  return <div className="pg-code pg-editor" role="tabpanel" id={panelId} aria-labelledby={labelledBy} ref={host} />;
}
