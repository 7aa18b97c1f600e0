import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import vm from 'node:vm';
import { TranspileError, transpile } from '../../../lib/playgrounds/transpile';

/** Runs CommonJS code in a fresh context and returns its exports. */
function runCommonJs(code: string, filename: string, modules: Record<string, unknown> = {}): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = vm.runInNewContext(`(function (exports, require, module) {${code}\n})`, {}, { filename });
  wrapper(module.exports, (id: string) => modules[id], module);
  return module.exports;
}

describe('transpile', () => {
  it('turns TypeScript with imports into CommonJS that runs', () => {
    const source = [
      "import { double } from './math';",
      'interface Box { value: number }',
      'export function boxed(n: number): Box {',
      '  return { value: double(n) as number };',
      '}',
      'export enum Colour { Red, Green }',
    ].join('\n');
    const { code } = transpile('demo/main.ts', source);
    assert.match(code, /require\('\.\/math'\)/);
    assert.doesNotMatch(code, /interface|: number/);
    const exports = runCommonJs(code, 'demo/main.js', { './math': { double: (n: number) => n * 2 } });
    assert.equal((exports.boxed as (n: number) => { value: number })(21).value, 42);
    assert.equal((exports.Colour as Record<string, unknown>).Green, 1);
  });

  it('keeps every line where it was, so stack traces point at the reader\'s line', () => {
    const source = ['import { a } from "./a";', 'type T = { x: number };', '', 'export function explode(): never {', '  throw new Error("line 5");', '}'].join('\n');
    const { code } = transpile('demo/main.ts', source);
    const exports = runCommonJs(code, 'demo/main.js', { './a': { a: 1 } });
    try {
      (exports.explode as () => void)();
      assert.fail('expected a throw');
    } catch (err) {
      assert.match((err as Error).stack ?? '', /demo\/main\.js:5:/);
    }
  });

  it('removes type-only imports', () => {
    const { code } = transpile('demo/main.ts', "import type { X } from './types';\nimport { type Y, z } from './mixed';\nexport const v: X | Y = z;\n");
    assert.doesNotMatch(code, /\.\/types/);
    assert.match(code, /\.\/mixed/);
  });

  it('reports a syntax error with the file, 1-based line and column, and the reason', () => {
    try {
      transpile('errgroup/main.ts', 'const ok = 1;\nconst x = ;\n');
      assert.fail('expected a TranspileError');
    } catch (err) {
      assert.ok(err instanceof TranspileError);
      assert.equal(err.file, 'errgroup/main.ts');
      assert.equal(err.line, 2);
      assert.equal(err.column, 11);
      assert.equal(err.reason, 'Unexpected token');
      assert.equal(err.message, 'errgroup/main.ts:2:11: Unexpected token');
    }
  });

  it('locates an error further into a file', () => {
    const source = 'let a: number = 1;\nfunction f() {\n  if (a) {\n    return a +;\n  }\n}\n';
    assert.throws(
      () => transpile('x.ts', source),
      (err: unknown) => err instanceof TranspileError && err.line === 4 && err.column === 15,
    );
  });

  it('is pure: it imports nothing but sucrase', () => {
    const text = fs.readFileSync('lib/playgrounds/transpile.ts', 'utf8');
    const imports = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
    assert.deepEqual(imports, ['sucrase']);
  });
});
