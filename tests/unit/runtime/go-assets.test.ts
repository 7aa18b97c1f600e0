/**
 * The pure parts of Go in the browser: what a playground's view says about Go, the imports of a
 * Go file and the packages they link, the in-page compile and link flags from `go build -n`, and
 * compile errors as editor diagnostics. No Go needed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GO_NOT_BUILT, goViewOf, importsOf, packageClosure, type GoManifest } from '../../../lib/playgrounds/go-assets';
import { parseDiagnostics } from '../../../lib/runtime/go-toolchain';
import { browserFlags, shellWords } from '../../../scripts/go-wasm';

const asset = (url: string) => ({ url, bytes: 100, brotliBytes: 40 });

describe('Go in the browser: the pure parts', () => {
  test('the view: without Go one line says what is needed; a playground that did not build says why', () => {
    assert.deepEqual(goViewOf(undefined, 'errgroup'), { unavailable: GO_NOT_BUILT });
    const manifest: GoManifest = {
      version: 1,
      go: 'go1.27.3',
      wasmExec: asset('/_next/static/go/wasm_exec.1.js'),
      playgrounds: { errgroup: { wasm: asset('/_next/static/go/errgroup.2.wasm') }, scheduler: { error: 'main.go does not build for WebAssembly (js/wasm): undefined: syscall.Nanosleep' } },
      toolchain: { index: asset('/_next/static/go/toolchain/index.3.json'), downloadBrotliBytes: { errgroup: 12_000_000 } },
    };
    const view = goViewOf(manifest, 'errgroup');
    assert.equal(view.wasm?.url, '/_next/static/go/errgroup.2.wasm');
    assert.equal(view.toolchain?.url, '/_next/static/go/toolchain/index.3.json');
    assert.equal(view.toolchainDownloadBytes, 12_000_000);
    assert.match(goViewOf(manifest, 'scheduler').unavailable!, /syscall\.Nanosleep/);
    assert.equal(goViewOf({ ...manifest, toolchain: { error: 'no' } }, 'errgroup').toolchain, undefined, 'precompiled only');
    assert.equal(GO_NOT_BUILT.split('\n').length, 1);
  });

  test('imports: grouped, single, named and dot imports; comments and strings elsewhere ignored', () => {
    const source = `package main

// import "not/this"
import "fmt"
import str "strings"
import (
	"context"
	_ "embed" // comment "x"
	. "math"
	/* "nor/this" */
	"golang.org/x/sync/errgroup"
)

func main() { fmt.Println("import \\"os\\"") }
`;
    assert.deepEqual(importsOf(source).sort(), ['context', 'embed', 'fmt', 'golang.org/x/sync/errgroup', 'math', 'strings']);
  });

  test('the packages a program links: its imports, what they import, and the runtime; unknown ones named', () => {
    const index = { packages: { runtime: { imports: ['internal/abi'] }, 'internal/abi': { imports: [] }, fmt: { imports: ['os', 'runtime'] }, os: { imports: ['runtime'] } } } as never;
    assert.deepEqual(packageClosure(index, ['fmt']), { packages: ['fmt', 'internal/abi', 'os', 'runtime'], missing: [] });
    assert.deepEqual(packageClosure(index, ['fmt', 'net/http', 'unsafe']).missing, ['net/http']);
  });

  test('flags from go build -n become the in-page ones: the in-memory paths, -c=1, no build ids', () => {
    const compile = shellWords(
      `/root/go/pkg/tool/linux_amd64/compile -o $WORK/b001/_pkg_.a -trimpath "/work/main/playgrounds/errgroup=>gofieldguide/playgrounds/errgroup;$WORK/b001=>" -p main -lang=go1.27 -complete -buildid 8Pa1/8Pa1 -dwarf=false -goversion go1.27.3 -c=2 -nolocalimports -importcfg $WORK/b001/importcfg -pack ./playgrounds/errgroup/main.go`,
    );
    const link = shellWords(`GOROOT='' /root/go/pkg/tool/linux_amd64/link -o $WORK/b001/exe/a.out -importcfg $WORK/b001/importcfg.link -buildmode=exe -buildid=bvm/8Pa/8Pa/bvm -s -w -extld=gcc /root/.cache/go-build/fd/fd61-d`);
    assert.equal(compile[0], '/root/go/pkg/tool/linux_amd64/compile');
    assert.equal(link[0], '/root/go/pkg/tool/linux_amd64/link');
    const flags = browserFlags({ compile: compile.slice(1), link: [...link.slice(1, -1), '$WORK/b001/_pkg_.a'] }, 'gofieldguide/playgrounds/errgroup');
    assert.deepEqual(flags.compileArgs, ['-o', '/work/main.a', '-trimpath', '/src=>gofieldguide/playgrounds/errgroup;/work=>', '-p', 'main', '-lang=go1.27', '-complete', '-dwarf=false', '-goversion', 'go1.27.3', '-c=1', '-nolocalimports', '-importcfg', '/work/importcfg', '-pack', './main.go']);
    assert.deepEqual(flags.linkArgs, ['-o', '/work/main.wasm', '-importcfg', '/work/importcfg.link', '-buildmode=exe', '-s', '-w', '-extld=gcc', '/work/main.a']);
  });

  test('compile errors become diagnostics at main.go’s lines', () => {
    const output = `# gofieldguide/playgrounds/errgroup
./main.go:28:16: cannot use "twelve" (untyped string constant) as int value in constant declaration
./main.go:57:2: undefined: foo
/src/main.go:60: too many errors
other.go:3:1: not ours
`;
    assert.deepEqual(parseDiagnostics(output), [
      { file: 'main.go', line: 28, column: 16, message: 'cannot use "twelve" (untyped string constant) as int value in constant declaration' },
      { file: 'main.go', line: 57, column: 2, message: 'undefined: foo' },
      { file: 'main.go', line: 60, column: undefined, message: 'too many errors' },
    ]);
  });
});
