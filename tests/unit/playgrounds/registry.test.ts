import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  PlaygroundError,
  UnknownPlaygroundError,
  getPlayground,
  importsOf,
  listPlaygroundIds,
  loadPlaygrounds,
  loadSharedFiles,
} from '../../../lib/playgrounds/registry';
import { sourceTree, transpileTree } from '../../../lib/playgrounds/bundle';

const tempRoots: string[] = [];
after(() => tempRoots.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const validConfig = {
  id: 'demo',
  title: 'A demo playground',
  summary: 'One sentence about the demo.',
  entry: 'main.ts',
  files: [{ path: 'main.ts', editable: true }, { path: 'lib.ts' }],
  goOriginal: 'main.go',
  relatedArticles: ['errgroup-package'],
};

/** A playgrounds/ folder in a temp dir: { 'demo/main.ts': '...', ... }; a playground.json value that is not a string is written as JSON. */
function fixture(files: Record<string, unknown>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gfg-registry-'));
  tempRoots.push(root);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return root;
}

function validFixture(overrides: Record<string, unknown> = {}, extraFiles: Record<string, unknown> = {}): string {
  return fixture({
    'demo/playground.json': { ...validConfig, ...overrides },
    'demo/main.ts': "import { helper } from './lib';\nimport { sleep } from '../_shared/sleep';\nvoid sleep(1).then(() => console.log(helper()));\n",
    'demo/lib.ts': "export const helper = (): string => 'hi';\n",
    'demo/main.go': 'package main\n',
    '_shared/sleep.ts': 'export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));\n',
    ...extraFiles,
  });
}

/** The message of the error fn throws. */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error);
    return err.message;
  }
  assert.fail('expected an error');
}

describe('playground registry: loading', () => {
  it('loads a valid playground with its files in order, defaults applied, and the shared files', () => {
    const root = validFixture();
    const { playgrounds, shared } = loadPlaygrounds(root);
    assert.equal(playgrounds.length, 1);
    const pg = playgrounds[0]!;
    assert.equal(pg.id, 'demo');
    assert.equal(pg.entry, 'main.ts');
    assert.deepEqual(
      pg.files.map((f) => [f.path, f.editable]),
      [
        ['main.ts', true],
        ['lib.ts', true],
      ],
    );
    assert.match(pg.files[1]!.source, /helper/);
    assert.deepEqual(pg.goOriginal, { path: 'main.go', source: 'package main\n' });
    assert.equal(pg.timeLimitMs, 10000);
    assert.deepEqual(pg.relatedArticles, ['errgroup-package']);
    assert.deepEqual(
      shared.map((f) => f.path),
      ['_shared/sleep.ts'],
    );
    assert.deepEqual(getPlayground('demo', root), pg);
  });

  it('loads the real playgrounds, the three first demos among them, in id order', () => {
    const { playgrounds, shared } = loadPlaygrounds('playgrounds');
    const ids = playgrounds.map((p) => p.id);
    for (const id of ['circuit-breaker', 'errgroup', 'singleflight']) assert.ok(ids.includes(id), id);
    assert.deepEqual(ids, [...ids].sort());
    for (const pg of playgrounds) {
      assert.equal(pg.files[0]!.path, pg.entry, `${pg.id}: the entry is the first tab`);
      assert.match(pg.goOriginal.source, /^package main/m);
      assert.ok(pg.timeLimitMs >= 1000);
    }
    for (const name of ['sleep', 'trace', 'random', 'clock', 'term']) assert.ok(shared.some((f) => f.path === `_shared/${name}.ts`), name);
  });

  it('builds a source tree and a transpiled tree keyed by path from the root, with edits applied', () => {
    const root = validFixture();
    const pg = getPlayground('demo', root);
    const tree = sourceTree(pg, loadSharedFiles(root), { 'lib.ts': "export const helper = (): string => 'edited';\n" });
    assert.equal(tree.entry, 'demo/main.ts');
    assert.deepEqual(Object.keys(tree.files).sort(), ['_shared/sleep.ts', 'demo/lib.ts', 'demo/main.ts']);
    assert.match(tree.files['demo/lib.ts']!, /edited/);
    const js = transpileTree(tree);
    assert.equal(js.entry, 'demo/main.js');
    assert.deepEqual(Object.keys(js.files).sort(), ['_shared/sleep.js', 'demo/lib.js', 'demo/main.js']);
    assert.match(js.files['demo/main.js']!, /require\('\.\/lib'\)/);
  });

  it('lists ids from the folders, ignoring _shared', () => {
    assert.deepEqual(listPlaygroundIds(validFixture()), ['demo']);
  });
});

describe('playground registry: mistakes fail with the file and the field', () => {
  it('names a listed file that does not exist', () => {
    const root = validFixture({ files: [{ path: 'main.ts' }, { path: 'x.ts' }] });
    assert.equal(
      messageOf(() => loadPlaygrounds(root)),
      `${path.join(root, 'demo', 'playground.json')}: files[1].path: file 'x.ts' does not exist`,
    );
  });

  it('names a missing Go original', () => {
    const root = validFixture({ goOriginal: 'other.go' });
    assert.match(messageOf(() => loadPlaygrounds(root)), /playground\.json: goOriginal: file 'other\.go' does not exist$/);
  });

  it('rejects an id that does not match the folder', () => {
    const root = validFixture({ id: 'other' });
    assert.match(messageOf(() => loadPlaygrounds(root)), /playground\.json: id: 'other' does not match the folder name 'demo'/);
  });

  it('rejects an id that is not kebab-case', () => {
    const root = validFixture({ id: 'Demo_1' });
    assert.match(messageOf(() => loadPlaygrounds(root)), /playground\.json: id: must be kebab-case/);
  });

  it('rejects an entry that is not one of the files', () => {
    const root = validFixture({ entry: 'lib2.ts' });
    assert.match(messageOf(() => loadPlaygrounds(root)), /playground\.json: entry: 'lib2\.ts' is not one of the files/);
  });

  it('rejects paths that climb out of the folder or are absolute', () => {
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ files: [{ path: 'main.ts' }, { path: '../secret.ts' }] }))), /files\[1\]\.path: must not contain "\.\."/);
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ goOriginal: '/etc/main.go' }))), /goOriginal: must be a relative path/);
  });

  it('checks timeLimitMs is within 1000..60000', () => {
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ timeLimitMs: 500 }))), /playground\.json: timeLimitMs: /);
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ timeLimitMs: 120000 }))), /playground\.json: timeLimitMs: /);
    assert.equal(loadPlaygrounds(validFixture({ timeLimitMs: 60000 })).playgrounds[0]!.timeLimitMs, 60000);
  });

  it('names a missing required field and an unknown one', () => {
    const { title: _title, ...withoutTitle } = validConfig;
    const root = fixture({ 'demo/playground.json': { ...withoutTitle, colour: 'red' }, 'demo/main.ts': '', 'demo/lib.ts': '', 'demo/main.go': '' });
    const message = messageOf(() => loadPlaygrounds(root));
    assert.match(message, /playground\.json: title: /);
    assert.match(message, /playground\.json: colour: /);
  });

  it('rejects a file listed twice and a non-.ts file', () => {
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ files: [{ path: 'main.ts' }, { path: 'main.ts' }] }))), /files\[1\]\.path: 'main\.ts' is listed twice/);
    assert.match(messageOf(() => loadPlaygrounds(validFixture({ files: [{ path: 'main.ts' }, { path: 'data.json' }] }))), /files\[1\]\.path: must be a \.ts file/);
  });

  it('reports invalid JSON and a folder without playground.json', () => {
    assert.match(messageOf(() => loadPlaygrounds(fixture({ 'demo/playground.json': '{ "id": ' }))), /demo\/playground\.json: invalid JSON: /);
    assert.match(messageOf(() => loadPlaygrounds(fixture({ 'empty/readme.txt': 'hi' }))), /empty: missing playground\.json/);
  });

  it('reports an import of a file that is not shipped with the playground', () => {
    const root = validFixture({}, { 'demo/main.ts': "import { x } from './unlisted';\nimport { y } from '../_shared/nope';\n", 'demo/unlisted.ts': '' });
    const message = messageOf(() => loadPlaygrounds(root));
    assert.match(message, /demo\/main\.ts: import '\.\/unlisted': 'demo\/unlisted\.ts' is not a file of this playground/);
    assert.match(message, /demo\/main\.ts: import '\.\.\/_shared\/nope': '_shared\/nope\.ts' is not a file/);
  });

  it('reports imports of modules the runtimes do not provide, and imports with an extension', () => {
    const root = validFixture({}, { 'demo/main.ts': "import fs from 'node:fs';\nimport { helper } from './lib.ts';\nimport { EventEmitter } from 'node:events';\n" });
    const message = messageOf(() => loadPlaygrounds(root));
    assert.match(message, /import 'node:fs': only relative imports and/);
    assert.match(message, /import '\.\/lib\.ts': write the import without the file extension/);
    assert.doesNotMatch(message, /import 'node:events'/);
  });

  it('gathers the problems of several playgrounds in one error', () => {
    const root = fixture({
      'a/playground.json': { ...validConfig, id: 'a', files: [{ path: 'main.ts' }], goOriginal: 'missing.go' },
      'a/main.ts': '',
      'b/playground.json': { ...validConfig, id: 'b', files: [{ path: 'main.ts' }], timeLimitMs: 1 },
      'b/main.ts': '',
      'b/main.go': '',
    });
    try {
      loadPlaygrounds(root);
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof PlaygroundError);
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /^2 playground errors:/);
    }
  });

  it('getPlayground names the known ids for an unknown one', () => {
    const root = validFixture();
    assert.throws(() => getPlayground('nope', root), (err: unknown) => err instanceof UnknownPlaygroundError && /unknown playground 'nope'\. Known playgrounds: demo/.test(err.message));
  });
});

describe('playground registry: importsOf', () => {
  it('finds static, type-only, re-export, require and dynamic imports, and skips comments', () => {
    const source = [
      "import { a } from './a';",
      "import type { B } from './b';",
      "export { c } from './c';",
      "import './side-effect';",
      "const d = require('./d');",
      "// import { z } from './commented';",
      "/* import { y } from './block'; */",
      "const url = 'https://example.com/x';",
      "void import('./e');",
    ].join('\n');
    assert.deepEqual(importsOf(source), ['./a', './b', './c', './side-effect', './d', './e']);
  });
});
