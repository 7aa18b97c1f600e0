'use client';

import type { GoView } from '@/lib/playgrounds/go-assets';
import { LANGUAGE_LABELS, type PlaygroundLanguage } from './language';

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * "Run: TypeScript | Go" as a radio group (arrow keys move between the two, as native radios do),
 * with one line under it saying what the Go choice runs, or what it needs when the build has no Go.
 */
export function LanguageChoice({ id, go, language, goEditable, disabled, onChange }: { id: string; go: GoView | undefined; language: PlaygroundLanguage; goEditable: boolean; disabled: boolean; onChange: (language: PlaygroundLanguage) => void }) {
  const noteId = `pg-${id}-language-note`;
  const note = !go?.wasm
    ? (go?.unavailable ?? 'Go is not part of this build.')
    : goEditable
      ? `Go runs main.go as WebAssembly; edit it and the Go compiler builds your version in this page (the first build downloads about ${mb(go.toolchainDownloadBytes ?? 0)}).`
      : 'Go runs main.go as WebAssembly, built with the site.';
  return (
    <fieldset className="pg-language" aria-describedby={noteId}>
      <legend>Run</legend>
      {(['ts', 'go'] as const).map((value) => (
        <label key={value} className="pg-language-option">
          <input type="radio" name={`pg-${id}-language`} value={value} checked={language === value} disabled={disabled} onChange={() => onChange(value)} />
          {LANGUAGE_LABELS[value]}
        </label>
      ))}
      <span className="pg-language-note muted" id={noteId} data-go={go?.wasm ? 'available' : 'unavailable'}>
        {language === 'go' || !go?.wasm ? note : 'TypeScript runs the port of the Go program (main.ts).'}
      </span>
    </fieldset>
  );
}
