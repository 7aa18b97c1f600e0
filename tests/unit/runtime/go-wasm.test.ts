/**
 * Go in WebAssembly, in Node, with the browser's host code (go-helpers.ts):
 * - each Go original builds for js/wasm, reproducibly, and its run carries the TypeScript demo's milestones;
 * - the host's deadlock watchdog makes Go report its own deadlock (exit 2), timers Go armed are
 *   cleared when main returns, and output arrives as raw bytes;
 * - the real compiler and linker, built for js/wasm, build a playground over the in-memory fs to
 *   the same bytes as the native compile and link with the same flags, and report a type error at
 *   its line.
 * Without Go these skip, except where GFG_REQUIRE_GO=1 (CI).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, test } from 'node:test';
import { importsOf, packageClosure } from '../../../lib/playgrounds/go-assets';
import { milestoneDifferences, milestonesOf } from '../../../lib/playgrounds/milestones';
import { parseDiagnostics } from '../../../lib/runtime/go-toolchain';
import { findGo, goEnv } from '../../../scripts/go-check';
import { browserFlags, buildCommands, buildWasm, cacheDir, listExports, MAX_PLAYGROUND_WASM_BYTES } from '../../../scripts/go-wasm';
import { nodeGoHost, repo } from './go-helpers';

const toolchain = findGo(repo);
if (!toolchain && process.env.GFG_REQUIRE_GO === '1') throw new Error('GFG_REQUIRE_GO=1 but Go is not on the PATH');
const skip = toolchain ? false : 'Go is not on the PATH';
const tsx = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;

/** A scratch module with one main package, built for js/wasm. */
function scratchWasm(source: string): Uint8Array {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gfg-go-wasm-test-'));
  const toolchainLine = /^toolchain .*$/m.exec(readFileSync(path.join(repo, 'go.mod'), 'utf8'))?.[0] ?? '';
  writeFileSync(path.join(dir, 'go.mod'), `module scratch\n\ngo 1.27\n\n${toolchainLine}\n`);
  writeFileSync(path.join(dir, 'main.go'), source);
  const built = buildWasm(dir, '.');
  if ('error' in built) throw new Error(built.error);
  return built.wasm;
}

function tsMilestones(id: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, 'scripts/play.ts', '--trace', id], { cwd: repo, env: { ...process.env, GFG_TRACE: '1' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`play ${id} exited ${code}`))));
  });
}

/** The three Go originals the issue names: each must build and run as WebAssembly. */
const REQUIRED = ['errgroup', 'singleflight', 'circuit-breaker'];

describe('Go originals as WebAssembly', { skip }, () => {
  const built = new Map<string, Uint8Array>();
  const wasmOf = (id: string) => {
    if (!built.has(id)) {
      const result = buildWasm(repo, `./playgrounds/${id}`);
      if ('error' in result) throw new Error(result.error);
      built.set(id, result.wasm);
    }
    return built.get(id)!;
  };

  for (const id of REQUIRED) {
    test(`${id}: builds for js/wasm reproducibly, under the size limit`, () => {
      assert.ok(existsSync(path.join(repo, 'playgrounds', id, 'main.go')), `playground ${id} has its Go original`);
      const first = wasmOf(id);
      const again = buildWasm(repo, `./playgrounds/${id}`);
      assert.ok(!('error' in again));
      assert.ok(Buffer.from(first).equals(Buffer.from(again.wasm)), 'the same sources build to the same bytes');
      assert.ok(first.length < MAX_PLAYGROUND_WASM_BYTES, `${first.length} bytes`);
      assert.deepEqual([...first.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], 'a WebAssembly module');
    });
  }

  test('each Go original run as WebAssembly, with the browser host, emits the TypeScript demo’s milestones', async () => {
    const runs = REQUIRED.map(async (id) => {
      const host = nodeGoHost();
      const [code, ts] = await Promise.all([host.run(wasmOf(id), [id], { GFG_TRACE: '1' }), tsMilestones(id)]);
      assert.equal(code, 0, `${id} exited ${code}: ${host.stderr()}`);
      const go = milestonesOf(host.stdout());
      assert.ok(go.length >= 2, `${id}: milestones from the Go run`);
      assert.deepEqual(milestoneDifferences(milestonesOf(ts), go), [], `${id}: TypeScript and Go (wasm) disagree`);
      assert.ok(/\]7337;\{"t":[\d.]+,"kind":"begin"/.test(host.stdout()), `${id}: spans for the timeline`);
      assert.deepEqual(host.uncaught, []);
    });
    await Promise.all(runs);
  });
});

describe('the Go host in the Worker (go-worker.ts)', { skip }, () => {
  test('a deadlock: the watchdog resumes Go with event 0, Go prints its own message and exits 2', async () => {
    const wasm = scratchWasm('package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("waiting")\n\tch := make(chan int)\n\t<-ch\n}\n');
    const host = nodeGoHost();
    const started = performance.now();
    const code = await host.run(wasm);
    assert.equal(code, 2);
    assert.equal(host.stdout(), 'waiting\n');
    assert.match(host.stderr(), /fatal error: all goroutines are asleep - deadlock!/);
    assert.ok(performance.now() - started < 2000, 'found within two polls');
  });

  test('a program sleeping in a goroutine is not a deadlock; timers left when main returns never fire', async () => {
    const wasm = scratchWasm(
      'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tdone := make(chan bool)\n\tgo func() { time.Sleep(120 * time.Millisecond); done <- true }()\n\t<-done\n\ttime.AfterFunc(50*time.Millisecond, func() { fmt.Println("too late") })\n\tgo func() { time.Sleep(80 * time.Millisecond); fmt.Println("also too late") }()\n\tfmt.Println("main returns")\n}\n',
    );
    const host = nodeGoHost();
    assert.equal(await host.run(wasm), 0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.equal(host.stdout(), 'main returns\n');
    assert.deepEqual(host.uncaught, [], 'no "Go program has already exited"');
  });

  test('stdout and stderr stay apart, as raw bytes, a rune split across writes included', async () => {
    const wasm = scratchWasm('package main\n\nimport "os"\n\nfunc main() {\n\tos.Stdout.Write([]byte{0xc3})\n\tos.Stderr.WriteString("to stderr\\n")\n\tos.Stdout.Write([]byte{0xa9, 0x0a})\n\tos.Stdout.WriteString("\\x1b]7337;{}\\x07no newline at the end")\n\tos.Exit(3)\n}\n');
    const host = nodeGoHost();
    assert.equal(await host.run(wasm), 3);
    assert.equal(host.stdout(), 'é\n\x1b]7337;{}\x07no newline at the end');
    assert.equal(host.stderr(), 'to stderr\n');
    assert.deepEqual(
      host.writes.map((w) => w.fd),
      [1, 2, 1, 1],
    );
  });

  test('memory past the limit stops the program', async () => {
    const wasm = scratchWasm('package main\n\nvar keep [][]byte\n\nfunc main() {\n\tfor {\n\t\tkeep = append(keep, make([]byte, 1<<20))\n\t}\n}\n');
    const host = nodeGoHost();
    await assert.rejects(host.run(wasm, ['main'], {}, { watchdog: true, memoryLimit: 64_000_000 }), /grew its memory/);
  });
});

describe('the Go toolchain as WebAssembly over the in-memory fs', { skip }, () => {
  const id = 'errgroup';
  const tools = () => {
    const version = /go\d+(\.\d+)+/.exec(toolchain!.version)![0];
    const dir = path.join(cacheDir(), 'toolchain', version);
    const read = (tool: string) => {
      try {
        return readFileSync(path.join(dir, `${tool}.wasm`));
      } catch {
        const built = buildWasm(repo, `cmd/${tool}`);
        if ('error' in built) throw new Error(built.error);
        return built.wasm;
      }
    };
    return { compile: read('compile'), link: read('link') };
  };

  /** The in-memory fs as the toolchain Worker lays it out, with every archive the program needs. */
  function toolchainHost(source: string) {
    const listed = listExports(repo, [`./playgrounds/${id}`]);
    const host = nodeGoHost({ cwd: '/' });
    const packages: Record<string, { imports: string[] }> = {};
    for (const p of listed) if (p.Name !== 'main' && p.Export) packages[p.ImportPath] = { imports: (p.Imports ?? []).filter((i) => i !== 'unsafe') };
    const { packages: needed, missing } = packageClosure({ packages: packages as never }, importsOf(source));
    assert.deepEqual(missing, []);
    const importcfg = needed.map((name) => `packagefile ${name}=/pkg/${name}.a`).join('\n') + '\n';
    for (const name of needed) host.fs.gfg.writeFile(`/pkg/${name}.a`, readFileSync(listed.find((p) => p.ImportPath === name)!.Export!));
    host.fs.gfg.writeFile('/src/main.go', source);
    host.fs.gfg.writeFile('/work/importcfg', importcfg);
    host.fs.gfg.writeFile('/work/importcfg.link', importcfg);
    host.fs.gfg.writeFile('/tmp/.keep', '');
    host.fs.gfg.chdir('/src');
    const modulePath = listed.find((p) => p.Name === 'main')!.ImportPath;
    return { host, listed, needed, modulePath, importcfg };
  }

  test('compile and link in WebAssembly give the native compile and link’s bytes; the fs saw the calls', { timeout: 600_000 }, async () => {
    const source = readFileSync(path.join(repo, 'playgrounds', id, 'main.go'), 'utf8');
    const { host, listed, needed, modulePath, importcfg } = toolchainHost(source);
    const flags = browserFlags(buildCommands(repo, `./playgrounds/${id}`), modulePath);
    assert.ok(flags.compileArgs.includes('-c=1') && flags.compileArgs.includes('-p') && flags.linkArgs.includes('-s'), JSON.stringify(flags));
    const { compile, link } = tools();
    const env = { GOOS: 'js', GOARCH: 'wasm', GOROOT: '/goroot', HOME: '/home', TMPDIR: '/tmp' };
    assert.equal(await host.run(compile, ['compile', ...flags.compileArgs], env, {}), 0, host.stdout() + host.stderr());
    assert.equal(await host.run(link, ['link', ...flags.linkArgs], env, {}), 0, host.stdout() + host.stderr());
    const inBrowser = host.fs.gfg.readFile('/work/main.wasm');
    for (const name of ['open', 'read', 'write', 'fstat', 'close']) assert.ok(host.fs.gfg.calls[name]! > 0, `the toolchain called ${name}`);

    // The native tools, same flags and inputs, on disk.
    const work = mkdtempSync(path.join(os.tmpdir(), 'gfg-native-'));
    const toolDir = spawnSync('go', ['env', 'GOTOOLDIR'], { cwd: repo, env: goEnv(repo), encoding: 'utf8' }).stdout.trim();
    writeFileSync(path.join(work, 'main.go'), source);
    const nativeCfg = importcfg.replace(/=\/pkg\/(.+)\.a$/gm, (_, name: string) => `=${listed.find((p) => p.ImportPath === name)!.Export!}`);
    writeFileSync(path.join(work, 'importcfg'), nativeCfg);
    const native = (tool: string, args: string[]) => {
      const mapped = args.map((a) => a.replace('/work/', `${work}/`).replace(/^\/src=>/, `${work}=>`).replace(';/work=>', `;${work}=>`).replace('/work/importcfg.link', path.join(work, 'importcfg')));
      const result = spawnSync(path.join(toolDir, tool), mapped, { cwd: work, env: { ...goEnv(repo), GOOS: 'js', GOARCH: 'wasm' }, encoding: 'utf8' });
      assert.equal(result.status, 0, `${tool}: ${result.stderr}`);
    };
    native('compile', flags.compileArgs.map((a) => (a === '/work/importcfg' ? path.join(work, 'importcfg') : a)));
    native('link', flags.linkArgs.map((a) => (a === '/work/importcfg.link' ? path.join(work, 'importcfg') : a)));
    const onDisk = readFileSync(path.join(work, 'main.wasm'));
    assert.ok(needed.length > 20);
    assert.equal(inBrowser.length, onDisk.length, 'same size');
    assert.ok(Buffer.from(inBrowser).equals(onDisk), 'bit-identical to the native toolchain');

    // And it runs, with the demo's milestones.
    const run = nodeGoHost();
    assert.equal(await run.run(inBrowser, [id], { GFG_TRACE: '1' }), 0);
    assert.ok(milestonesOf(run.stdout()).length >= 2);
  });

  test('a type error: the compiler exits non-zero and names main.go and the line', { timeout: 300_000 }, async () => {
    const source = readFileSync(path.join(repo, 'playgrounds', id, 'main.go'), 'utf8').replace('tasks       = 12', 'tasks       = "twelve"');
    const { host, modulePath } = toolchainHost(source);
    const flags = browserFlags(buildCommands(repo, `./playgrounds/${id}`), modulePath);
    const env = { GOOS: 'js', GOARCH: 'wasm', GOROOT: '/goroot', HOME: '/home', TMPDIR: '/tmp' };
    assert.notEqual(await host.run(tools().compile, ['compile', ...flags.compileArgs], env, {}), 0);
    const output = host.stdout() + host.stderr();
    const diagnostics = parseDiagnostics(output);
    assert.ok(diagnostics.length > 0, output);
    const line = source.split('\n').findIndex((l) => l.includes('"twelve"')) + 1;
    assert.ok(diagnostics.some((d) => d.file === 'main.go' && d.line > 0), JSON.stringify(diagnostics));
    assert.ok(line > 0);
  });
});
