/**
 * What the server hands the playground's client components: plain, serialisable data.
 * Built from a validated playground (lib/playgrounds/registry.ts) by ./load.ts.
 */
import type { GoView } from '@/lib/playgrounds/go-assets';

export type FileRole = 'demo' | 'port' | 'go';

export interface PlaygroundFileView {
  /** Path in the playground's folder: 'main.ts', 'errgroup.ts', 'main.go'. */
  path: string;
  role: FileRole;
  editable: boolean;
  lang: 'ts' | 'go';
  source: string;
}

export interface PlaygroundView {
  id: string;
  title: string;
  summary: string;
  /** The file that runs, a path of files. */
  entry: string;
  /** Tab order: the demo, the library port(s), the Go original (read-only) last. */
  files: PlaygroundFileView[];
  /** The helpers in playgrounds/_shared/, keyed '_shared/sleep.ts'; not shown, but run with the demo. */
  shared: Record<string, string>;
  timeLimitMs: number;
  outputLimitBytes: number;
  /** The Go original as WebAssembly, from the build's Go step (or why it cannot run here). */
  go?: GoView;
}

export const ROLE_LABELS: Record<FileRole, string> = {
  demo: 'demo',
  port: 'library port',
  go: 'Go original, read-only',
};

/** The tab's role label: the Go original is editable when the build carries the Go toolchain. */
export function roleLabel(file: Pick<PlaygroundFileView, 'role' | 'editable'>): string {
  return file.role === 'go' && file.editable ? 'Go original' : ROLE_LABELS[file.role];
}

/** The files a run needs, keyed from the virtual root: '<id>/main.ts', '_shared/sleep.ts'. */
export function runFiles(view: PlaygroundView, edits: Readonly<Record<string, string>>): { files: Record<string, string>; entry: string } {
  const files: Record<string, string> = { ...view.shared };
  for (const file of view.files) if (file.lang === 'ts') files[`${view.id}/${file.path}`] = edits[file.path] ?? file.source;
  return { files, entry: `${view.id}/${view.entry}` };
}

/** DOM ids derived from the playground id (one playground per id on a page). */
export function domIds(id: string) {
  return {
    title: `pg-${id}-title`,
    tab: (i: number) => `pg-${id}-tab-${i}`,
    panel: `pg-${id}-panel`,
    status: `pg-${id}-status`,
  };
}
