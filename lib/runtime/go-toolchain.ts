/**
 * The Go toolchain in the page: the real cmd/compile and cmd/link, built for js/wasm from the
 * pinned toolchain (scripts/go-wasm.ts), run in one long-lived Worker inside a Go frame
 * (go-frame.ts) over an in-memory file system (go-memfs.ts), with the package archives of
 * `go list -deps -export` for js/wasm.
 *
 * Loaded lazily, on the first Run of an edited main.go (never in a page's first load): the index,
 * then the compiler and linker and the archives of the packages the program imports, with the
 * progress in bytes. One per page (every playground on it shares it); a second build reuses
 * everything loaded, fetching only archives of newly imported packages. Builds run one at a time.
 *
 * Compile errors come back as the compiler prints them and as diagnostics at main.go's lines.
 */
import { importsOf, packageClosure, type GoToolchainIndex } from '@/lib/playgrounds/go-assets';
import { fetchText, fetchWithProgress, GoFrameClient } from './go-frame-client';
import type { RunDiagnostic } from './types';

export interface BuildProgress {
  /** What is happening, in a line for the status: "Loading the Go toolchain: 12.1 of 38.4 MB". */
  text: string;
  loaded?: number;
  total?: number;
}

export type BuildResult =
  | { ok: true; wasm: ArrayBuffer; compileMs: number; linkMs: number; loadMs: number; output: string; compileMemoryBytes: number; linkMemoryBytes: number }
  | { ok: false; output: string; diagnostics: RunDiagnostic[]; compileMs: number; linkMs: number; loadMs: number; step: string };

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** main.go:12:5: message (the compiler prints paths as it was given them: ./main.go). */
export function parseDiagnostics(output: string, file = 'main.go'): RunDiagnostic[] {
  const diagnostics: RunDiagnostic[] = [];
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^(?:\\./|/src/|[\\w./-]*/)?${escaped}:(\\d+)(?::(\\d+))?: (.+)$`);
  for (const line of output.split('\n')) {
    const match = pattern.exec(line.trim());
    if (match) diagnostics.push({ file, line: Number(match[1]), column: match[2] ? Number(match[2]) : undefined, message: match[3]! });
  }
  return diagnostics;
}

export class GoToolchain {
  private frame: GoFrameClient | undefined;
  private index: GoToolchainIndex | undefined;
  private loading: Promise<void> | undefined;
  private readonly sent = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  /** Milliseconds the last load took (index, tools, first archives), for the benchmark. */
  lastLoadMs = 0;

  constructor(
    private readonly indexUrl: string,
    private readonly wasmExecUrl: string,
  ) {}

  get loaded(): boolean {
    return this.index !== undefined && this.frame !== undefined && !this.frame.isDisposed && this.loading === undefined;
  }

  private load(onProgress: (p: BuildProgress) => void): Promise<void> {
    if (this.index && this.frame && !this.frame.isDisposed) return this.loading ?? Promise.resolve();
    this.loading ??= (async () => {
      const t0 = performance.now();
      let frame: GoFrameClient | undefined;
      try {
        onProgress({ text: 'Loading the Go toolchain…' });
        const [indexText, wasmExec] = await Promise.all([fetchText(this.indexUrl), fetchText(this.wasmExecUrl)]);
        const index = JSON.parse(indexText) as GoToolchainIndex;
        frame = new GoFrameClient({ title: 'Go toolchain (compiles edited Go; not interactive)' });
        const started = frame;
        const total = index.compile.bytes + index.link.bytes;
        let loaded = 0;
        const tick = (bytes: number) => {
          loaded += bytes;
          onProgress({ text: `Loading the Go compiler and linker: ${mb(loaded)} of ${mb(total)}`, loaded, total });
        };
        const [compile, link] = await Promise.all([fetchWithProgress(index.compile.url, tick), fetchWithProgress(index.link.url, tick), started.ready]);
        onProgress({ text: 'Starting the Go compiler…' });
        const ready = new Promise<void>((resolve, reject) => {
          const off = started.listen((message) => {
            if (message.gfg === 'toolchain-ready') {
              off();
              resolve();
            } else if (message.gfg === 'toolchain-failed') {
              off();
              reject(new Error(message.message));
            }
          });
        });
        started.post({ gfg: 'toolchain', compile, link, wasmExec }, [compile, link]);
        await ready;
        this.frame?.dispose();
        this.frame = started;
        frame = undefined;
        this.index = index;
        this.sent.clear();
        this.lastLoadMs = performance.now() - t0;
      } finally {
        frame?.dispose(); // a load that failed leaves no frame behind
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  /** Sends the archives of `packages` the toolchain Worker does not have yet. */
  private async sendPackages(packages: string[], onProgress: (p: BuildProgress) => void): Promise<void> {
    const index = this.index!;
    const needed = packages.filter((name) => !this.sent.has(name));
    if (!needed.length) return;
    const total = needed.reduce((sum, name) => sum + index.packages[name]!.bytes, 0);
    let loaded = 0;
    const files = await Promise.all(
      needed.map(async (name) => ({
        path: `/pkg/${name}.a`,
        data: await fetchWithProgress(index.packages[name]!.url, (bytes) => {
          loaded += bytes;
          onProgress({ text: `Loading ${needed.length} Go package archives: ${mb(loaded)} of ${mb(total)}`, loaded, total });
        }),
      })),
    );
    this.frame!.post({ gfg: 'files', files }, files.map((f) => f.data));
    needed.forEach((name) => this.sent.add(name));
  }

  /** Compiles and links main.go (as the playground's main package); one build at a time. */
  build(source: string, playgroundId: string, onProgress: (p: BuildProgress) => void = () => {}): Promise<BuildResult> {
    const run = this.queue.then(() => this.buildNow(source, playgroundId, onProgress));
    this.queue = run.catch(() => {});
    return run;
  }

  private async buildNow(source: string, playgroundId: string, report: (p: BuildProgress) => void): Promise<BuildResult> {
    const t0 = performance.now();
    // The status line is a live region: a new byte count at most every 400 ms.
    let last = 0;
    const onProgress = (p: BuildProgress) => {
      const now = performance.now();
      if (p.loaded !== undefined && p.loaded !== p.total && now - last < 400) return;
      last = now;
      report(p);
    };
    await this.load(onProgress);
    const index = this.index!;
    const { packages, missing } = packageClosure(index, importsOf(source));
    await this.sendPackages(packages, onProgress);
    const loadMs = performance.now() - t0;
    if (missing.length) {
      const lines = missing.map((name) => {
        const at = source.split('\n').findIndex((line) => line.includes(`"${name}"`));
        return { line: at + 1, name };
      });
      const output = lines.map(({ line, name }) => `./main.go:${Math.max(line, 1)}:2: package ${name} is not available in the browser's Go toolchain (it has the packages the playgrounds import, and what they import)`).join('\n') + '\n';
      return { ok: false, output, diagnostics: parseDiagnostics(output), compileMs: 0, linkMs: 0, loadMs, step: 'compile' };
    }
    onProgress({ text: 'Compiling main.go…' });
    const importcfg = Object.keys(index.packages)
      .filter((name) => this.sent.has(name))
      .map((name) => `packagefile ${name}=/pkg/${name}.a`)
      .join('\n');
    const id = this.nextId++;
    const modulePath = index.modulePaths[playgroundId] ?? `gofieldguide/playgrounds/${playgroundId}`;
    const compileArgs = index.compileArgs.map((arg) => arg.replace(/^\/src=>[^;]*/, `/src=>${modulePath}`));
    const frame = this.frame!;
    const result = await new Promise<Extract<import('./go-frame').GoFrameOut, { gfg: 'built' }>>((resolve, reject) => {
      const off = frame.listen((message) => {
        if (message.gfg === 'built' && message.id === id) {
          off();
          resolve(message);
        } else if (message.gfg === 'toolchain-failed') {
          off();
          reject(new Error(message.message));
        }
      });
      frame.post({ gfg: 'build', id, source, compileArgs, linkArgs: index.linkArgs, importcfg: `${importcfg}\n`, importcfgLink: `${importcfg}\n` });
    }).catch((error: Error) => {
      // The Worker died (out of memory, say): load it again next time.
      this.frame?.dispose();
      this.frame = undefined;
      throw error;
    });
    if (result.ok && result.wasm) return { ok: true, wasm: result.wasm, compileMs: result.compileMs, linkMs: result.linkMs, loadMs, output: result.output, compileMemoryBytes: result.compileMemoryBytes ?? 0, linkMemoryBytes: result.linkMemoryBytes ?? 0 };
    return { ok: false, output: result.output, diagnostics: parseDiagnostics(result.output), compileMs: result.compileMs, linkMs: result.linkMs, loadMs, step: result.step };
  }

  dispose(): void {
    this.frame?.dispose();
    this.frame = undefined;
    this.index = undefined;
  }
}

const toolchains = new Map<string, GoToolchain>();

/** The page's toolchain for an index (every playground on the page shares it). */
export function pageToolchain(indexUrl: string, wasmExecUrl: string): GoToolchain {
  let toolchain = toolchains.get(indexUrl);
  if (!toolchain) toolchains.set(indexUrl, (toolchain = new GoToolchain(indexUrl, wasmExecUrl)));
  return toolchain;
}
