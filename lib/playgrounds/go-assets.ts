/**
 * What the Go build step (scripts/go-wasm.ts) hands the site: which playground's Go original runs
 * as WebAssembly from which URL, the toolchain's wasm_exec.js, and the editable mode's toolchain
 * index. Plain data, no Node imports: the page reads the parts in its PlaygroundView, and the
 * runtime (lib/runtime/go-wasm.ts, go-toolchain.ts) the toolchain index it fetches.
 */

/** A content-hashed file under /_next/static/go/, served with a long cache lifetime and brotli. */
export interface GoAsset {
  url: string;
  /** Size as stored (raw). */
  bytes: number;
  /** Size brotli-compressed (quality 11), as the production server sends it. */
  brotliBytes: number;
}

/** The manifest the build step writes (`.cache/go-wasm/manifest.json`) and the server components read. */
export interface GoManifest {
  version: 1;
  /** `go version` of the toolchain that built everything, or null without Go. */
  go: string | null;
  /** Without Go: one line saying what is needed. */
  unavailable?: string;
  wasmExec?: GoAsset;
  playgrounds: Record<string, { wasm?: GoAsset; error?: string }>;
  /** The editable mode: the toolchain index (GoToolchainIndex), or why there is none. */
  toolchain?: { index: GoAsset; downloadBrotliBytes: Record<string, number> } | { error: string };
}

/** The editable mode's index (a content-hashed JSON file, fetched on the first Run of an edited main.go). */
export interface GoToolchainIndex {
  version: 1;
  go: string;
  compile: GoAsset;
  link: GoAsset;
  /** Import path -> its archive (export data and object code, for js/wasm) and its direct imports. */
  packages: Record<string, GoAsset & { imports: string[] }>;
  /** Flags `go build -n` gives for the main package, with paths replaced by the in-memory file system's and -c=1. */
  compileArgs: string[];
  linkArgs: string[];
  /** Each playground's import path (its main package's `-p` is main; trimpath maps /src to it). */
  modulePaths: Record<string, string>;
}

/** What a playground's view carries about Go (serialisable; in the RSC payload, so small). */
export interface GoView {
  /** Why the Go original cannot run here, in one line; absent when it can. */
  unavailable?: string;
  wasm?: GoAsset;
  wasmExec?: GoAsset;
  /** The toolchain index, when an edited main.go can be compiled in the page. */
  toolchain?: GoAsset;
  /** Brotli bytes the first edited Run downloads for this playground (compiler, linker, archives). */
  toolchainDownloadBytes?: number;
  /** `go version` of the toolchain. */
  go?: string;
}

export const GO_STATIC_PREFIX = '/_next/static/go/';

/** The one line shown when the site was built without Go. */
export const GO_NOT_BUILT =
  'Go is not part of this build: build the site with Go on the PATH (go.mod pins the toolchain, go1.27.3) to run main.go here, or run it yourself with go run.';

/** The view's Go part for a playground, from the manifest (undefined manifest: no Go step ran). */
export function goViewOf(manifest: GoManifest | undefined, id: string): GoView {
  if (!manifest || !manifest.go) return { unavailable: manifest?.unavailable ?? GO_NOT_BUILT };
  const entry = manifest.playgrounds[id];
  if (!entry?.wasm) return { unavailable: entry?.error ?? `main.go of ${id} was not built for WebAssembly.`, go: manifest.go };
  const toolchain = manifest.toolchain && 'index' in manifest.toolchain ? manifest.toolchain : undefined;
  return {
    wasm: entry.wasm,
    wasmExec: manifest.wasmExec,
    go: manifest.go,
    ...(toolchain && toolchain.downloadBrotliBytes[id] !== undefined ? { toolchain: toolchain.index, toolchainDownloadBytes: toolchain.downloadBrotliBytes[id] } : {}),
  };
}

/** Import paths a Go source file names (the import declarations at its top). */
export function importsOf(source: string): string[] {
  const paths = new Set<string>();
  // Strip comments first, keeping strings (import paths never contain comment markers in practice).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  for (const block of code.matchAll(/\bimport\s*\(([\s\S]*?)\)/g)) for (const m of block[1]!.matchAll(/"([^"\n]+)"|`([^`\n]+)`/g)) paths.add(m[1] ?? m[2]!);
  for (const m of code.matchAll(/\bimport\s+(?:[A-Za-z_.][\w]*\s+)?(?:"([^"\n]+)"|`([^`\n]+)`)/g)) paths.add(m[1] ?? m[2]!);
  return [...paths];
}

/** The packages a program with these imports links: the imports and everything they import. */
export function packageClosure(index: Pick<GoToolchainIndex, 'packages'>, imports: readonly string[]): { packages: string[]; missing: string[] } {
  const seen = new Set<string>();
  const missing: string[] = [];
  const stack = ['runtime', ...imports];
  while (stack.length) {
    const name = stack.pop()!;
    if (seen.has(name) || name === 'unsafe' || name === 'C') continue;
    const entry = index.packages[name];
    if (!entry) {
      if (!missing.includes(name)) missing.push(name);
      continue;
    }
    seen.add(name);
    stack.push(...entry.imports);
  }
  return { packages: [...seen].sort(), missing };
}
