/**
 * The in-memory fs (lib/runtime/go-memfs.ts) behaves as Node's callback fs does for the calls Go's
 * syscall/fs_js.go makes: the Go toolchain's own use of it is tested in go-wasm.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createGoFs, type GoFs } from '../../../lib/runtime/go-memfs';

/** The callback API as promises, as fs_js.go's fsCall waits for each callback. */
function call<T = unknown>(fs: GoFs, name: string, ...args: unknown[]): Promise<T> {
  return new Promise((resolve, reject) => fs[name](...args, (err: (Error & { code?: string }) | null, value: T) => (err ? reject(err) : resolve(value))));
}
const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY } = createGoFs().constants as Record<'O_RDONLY' | 'O_WRONLY' | 'O_RDWR' | 'O_CREAT' | 'O_EXCL' | 'O_TRUNC' | 'O_APPEND' | 'O_DIRECTORY', number>;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('the in-memory fs for Go (Node callback fs subset)', () => {
  test('Node’s flag values, so fs_js.go maps O_* as on Linux', () => {
    assert.deepEqual([O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY], [0, 1, 2, 64, 128, 512, 1024, 65536]);
  });

  test('open/write/read with and without a position, and fstat sizes', async () => {
    const fs = createGoFs();
    await call(fs, 'mkdir', '/work', 0o755);
    const fd = await call<number>(fs, 'open', '/work/a.txt', O_CREAT | O_RDWR | O_TRUNC, 0o644);
    assert.equal(await call(fs, 'write', fd, bytes('hello world'), 0, 11, null), 11);
    assert.equal(await call(fs, 'write', fd, bytes('W'), 0, 1, 6), 1, 'pwrite at 6');
    const buffer = new Uint8Array(32);
    assert.equal(await call(fs, 'read', fd, buffer, 0, 32, 0), 11, 'pread from 0');
    assert.equal(text(buffer.subarray(0, 11)), 'hello World');
    assert.equal(await call(fs, 'read', fd, buffer, 0, 32, null), 0, 'the position is at the end after the write');
    const stat = await call<{ size: number; mode: number; isDirectory(): boolean; mtimeMs: number }>(fs, 'fstat', fd);
    assert.equal(stat.size, 11);
    assert.equal(stat.isDirectory(), false);
    assert.equal(stat.mode & 0o170000, 0o100000, 'a regular file');
    await call(fs, 'close', fd);
    await assert.rejects(call(fs, 'close', fd), { code: 'EBADF' });
  });

  test('relative paths resolve against the working directory; path.resolve agrees', async () => {
    const fs = createGoFs({ cwd: '/' });
    fs.gfg.writeFile('/src/main.go', 'package main\n');
    fs.gfg.chdir('/src');
    const fd = await call<number>(fs, 'open', './main.go', O_RDONLY, 0);
    const buffer = new Uint8Array(64);
    const n = await call<number>(fs, 'read', fd, buffer, 0, 64, null);
    assert.equal(text(buffer.subarray(0, n)), 'package main\n');
    assert.equal(fs.gfg.resolve('../work/./x.a'), '/work/x.a');
    assert.equal(fs.gfg.resolve('/pkg', 'fmt.a'), '/pkg/fmt.a');
  });

  test('errors carry the codes fs_js.go maps to errno', async () => {
    const fs = createGoFs();
    await assert.rejects(call(fs, 'open', '/nope', O_RDONLY, 0), { code: 'ENOENT' });
    await assert.rejects(call(fs, 'stat', '/nope'), { code: 'ENOENT' });
    fs.gfg.writeFile('/f', 'x');
    await assert.rejects(call(fs, 'open', '/f', O_CREAT | O_EXCL | O_WRONLY, 0o644), { code: 'EEXIST' });
    await assert.rejects(call(fs, 'open', '/f', O_RDONLY | O_DIRECTORY, 0), { code: 'ENOTDIR' });
    await assert.rejects(call(fs, 'mkdir', '/f', 0o755), { code: 'EEXIST' });
    await assert.rejects(call(fs, 'readdir', '/f'), { code: 'ENOTDIR' });
    await assert.rejects(call(fs, 'open', '/missing/dir/file', O_CREAT | O_WRONLY, 0o644), { code: 'ENOENT' });
    await assert.rejects(call(fs, 'readlink', '/f'), { code: 'EINVAL' });
    fs.gfg.writeFile('/d/child', 'x');
    await assert.rejects(call(fs, 'rmdir', '/d'), { code: 'ENOTEMPTY' });
    await assert.rejects(call(fs, 'unlink', '/d'), { code: 'EISDIR' });
  });

  test('directories: mkdir, readdir sorted, fstat of an opened directory, rmdir', async () => {
    const fs = createGoFs();
    await call(fs, 'mkdir', '/tmp', 0o700);
    fs.gfg.writeFile('/tmp/b', '');
    fs.gfg.writeFile('/tmp/a', '');
    assert.deepEqual(await call(fs, 'readdir', '/tmp'), ['a', 'b']);
    const fd = await call<number>(fs, 'open', '/tmp', O_RDONLY, 0);
    assert.equal((await call<{ isDirectory(): boolean }>(fs, 'fstat', fd)).isDirectory(), true);
    await call(fs, 'unlink', '/tmp/a');
    await call(fs, 'unlink', '/tmp/b');
    await call(fs, 'rmdir', '/tmp');
    assert.equal(fs.gfg.exists('/tmp'), false);
  });

  test('rename, ftruncate and truncate, O_APPEND, O_TRUNC', async () => {
    const fs = createGoFs();
    fs.gfg.writeFile('/w/out.tmp', 'abcdef');
    await call(fs, 'rename', '/w/out.tmp', '/w/out');
    assert.equal(fs.gfg.exists('/w/out.tmp'), false);
    const fd = await call<number>(fs, 'open', '/w/out', O_RDWR, 0);
    await call(fs, 'ftruncate', fd, 3);
    assert.equal(text(fs.gfg.readFile('/w/out')), 'abc');
    await call(fs, 'ftruncate', fd, 5);
    assert.deepEqual([...fs.gfg.readFile('/w/out')], [97, 98, 99, 0, 0], 'grows with zeros');
    await call(fs, 'truncate', '/w/out', 1);
    const append = await call<number>(fs, 'open', '/w/out', O_WRONLY | O_APPEND, 0);
    await call(fs, 'write', append, bytes('zz'), 0, 2, null);
    assert.equal(text(fs.gfg.readFile('/w/out')), 'azz');
    await call(fs, 'open', '/w/out', O_WRONLY | O_TRUNC, 0);
    assert.equal(fs.gfg.readFile('/w/out').length, 0);
  });

  test('a large file written in pieces reads back whole (the linker writes its output so)', async () => {
    const fs = createGoFs();
    const fd = await call<number>(fs, 'open', '/big', O_CREAT | O_WRONLY, 0o644);
    const chunk = new Uint8Array(65536).map((_, i) => i & 0xff);
    for (let i = 0; i < 40; i++) await call(fs, 'write', fd, chunk, 0, chunk.length, null);
    await call(fs, 'write', fd, bytes('!'), 0, 1, 10);
    const data = fs.gfg.readFile('/big');
    assert.equal(data.length, 40 * 65536);
    assert.equal(data[10], 33);
    assert.equal(data[65536 + 5], 5);
  });

  test('stdout and stderr arrive as raw bytes, each write as it was made (a rune split across writes stays whole)', async () => {
    const writes: [number, string][] = [];
    const raw: number[] = [];
    const fs = createGoFs({ onWrite: (fd, data) => (writes.push([fd, Array.from(data, (b) => b.toString(16)).join(' ')]), raw.push(...data)) });
    const e = bytes('é'); // c3 a9
    await call(fs, 'write', 1, e.subarray(0, 1), 0, 1, null);
    fs.writeSync(2, bytes('panic'));
    await call(fs, 'write', 1, e, 1, 1, null);
    fs.writeSync(1, bytes('\x1b]7337;{}\x07'));
    assert.deepEqual(writes.slice(0, 3), [
      [1, 'c3'],
      [2, '70 61 6e 69 63'],
      [1, 'a9'],
    ]);
    assert.equal(new TextDecoder().decode(new Uint8Array(raw.filter((_, i) => i !== 1 && (i < 1 || i > 5)))), 'é\x1b]7337;{}\x07');
    const stat = await call<{ mode: number }>(fs, 'fstat', 1);
    assert.equal(stat.mode & 0o170000, 0o020000, 'a character device');
  });

  test('a read of stdin waits, pending, until input arrives; closing it gives end of file', async () => {
    let pending = 0;
    const fs = createGoFs({ onPending: (delta) => (pending += delta) });
    const buffer = new Uint8Array(8);
    const first = call<number>(fs, 'read', 0, buffer, 0, 8, null);
    assert.equal(pending, 1, 'the watchdog sees a pending call: no deadlock');
    fs.gfg.stdin(bytes('hi\n'));
    assert.equal(await first, 3);
    assert.equal(pending, 0);
    assert.equal(text(buffer.subarray(0, 3)), 'hi\n');
    fs.gfg.stdin(null);
    assert.equal(await call<number>(fs, 'read', 0, buffer, 0, 8, null), 0);
  });
});
