/**
 * An in-memory file system with the part of Node's callback `fs` API that Go's js/wasm port calls
 * (syscall/fs_js.go: open, close, read and write with and without a position, fstat, stat, lstat,
 * readdir, mkdir, rmdir, unlink, rename, ftruncate, truncate, fsync, chmod, fchmod, utimes,
 * readlink), plus writeSync, which the runtime uses for its own messages (a panic, a deadlock).
 * Installed as globalThis.fs in a Worker before the toolchain's wasm_exec.js runs, it lets the
 * real compiler and linker read the sources and archives and write their output with no disk;
 * in a program's Worker it carries stdout and stderr as raw bytes.
 *
 * Standard output and error go to `onWrite(fd, bytes)` unchanged (no decoding, no line
 * buffering: a rune split across writes and escape sequences arrive intact); standard input reads
 * from `stdin` and waits, with the callback pending, until input arrives or it is closed.
 *
 * createGoFs runs inside the Worker from its source text (go-worker.ts): it must be
 * self-contained, with no imports and nothing from this module's scope.
 */

/* eslint-disable @typescript-eslint/no-explicit-any -- the Node fs calling convention is untyped */

export interface GoFsOptions {
  /** Standard output (1) and error (2), as written. */
  onWrite?: (fd: number, bytes: Uint8Array) => void;
  /** The working directory (default /). */
  cwd?: string;
  /** Told when a call is pending (a stdin read waiting for input) and when it completes. */
  onPending?: (delta: number) => void;
}

export interface GoFs {
  constants: Record<string, number>;
  writeSync(fd: number, buf: Uint8Array): number;
  [call: string]: any;
  /** Helpers for the host (not part of Node's API). */
  gfg: {
    cwd(): string;
    chdir(path: string): void;
    resolve(...parts: string[]): string;
    writeFile(path: string, data: Uint8Array | string): void;
    readFile(path: string): Uint8Array;
    exists(path: string): boolean;
    remove(path: string): void;
    /** Input for fd 0; null closes it (reads then return 0, end of file). */
    stdin(data: Uint8Array | null): void;
    /** Calls seen, by name (for tests). */
    calls: Record<string, number>;
  };
}

export function createGoFs(options: GoFsOptions = {}): GoFs {
  const S_IFDIR = 0o040000;
  const S_IFREG = 0o100000;
  const S_IFCHR = 0o020000;
  const constants = { O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536 };

  interface Node {
    dir: boolean;
    data: Uint8Array;
    size: number;
    mode: number;
    ino: number;
    mtimeMs: number;
    children?: Map<string, Node>;
  }
  interface Open {
    node: Node;
    path: string;
    flags: number;
    pos: number;
  }

  let inodes = 1;
  const now = () => Date.now();
  const mkdirNode = (mode = 0o755): Node => ({ dir: true, data: new Uint8Array(0), size: 0, mode, ino: inodes++, mtimeMs: now(), children: new Map() });
  const fileNode = (mode = 0o644): Node => ({ dir: false, data: new Uint8Array(0), size: 0, mode, ino: inodes++, mtimeMs: now() });
  const root = mkdirNode();
  let cwd = options.cwd ?? '/';
  const fds = new Map<number, Open>();
  let nextFd = 3;
  const calls: Record<string, number> = {};
  const stdinChunks: Uint8Array[] = [];
  let stdinClosed = false;
  const stdinWaiting: (() => void)[] = [];

  const fail = (code: string, message?: string) => Object.assign(new Error(`${code}: ${message ?? code}`), { code });

  function normalize(path: string): string {
    const absolute = path.startsWith('/') ? path : `${cwd}/${path}`;
    const parts: string[] = [];
    for (const part of absolute.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    return `/${parts.join('/')}`;
  }
  function lookup(path: string): Node | undefined {
    let node: Node | undefined = root;
    for (const part of normalize(path).split('/').filter(Boolean)) {
      if (!node?.dir) return undefined;
      node = node.children!.get(part);
    }
    return node;
  }
  function parentOf(path: string): { parent: Node; name: string } {
    const full = normalize(path);
    const cut = full.lastIndexOf('/');
    const name = full.slice(cut + 1);
    const parent = lookup(full.slice(0, cut) || '/');
    if (!parent) throw fail('ENOENT', path);
    if (!parent.dir) throw fail('ENOTDIR', path);
    if (!name) throw fail('EEXIST', path);
    return { parent, name };
  }
  function mkdirp(path: string): Node {
    let node = root;
    for (const part of normalize(path).split('/').filter(Boolean)) {
      let child = node.children!.get(part);
      if (!child) node.children!.set(part, (child = mkdirNode()));
      if (!child.dir) throw fail('ENOTDIR', path);
      node = child;
    }
    return node;
  }
  function ensure(node: Node, size: number) {
    if (node.data.length >= size) return;
    const grown = new Uint8Array(Math.max(size, node.data.length * 2, 4096));
    grown.set(node.data.subarray(0, node.size));
    node.data = grown;
  }
  function stats(node: Node | 'tty') {
    const tty = node === 'tty';
    const n = tty ? undefined : node;
    const mode = tty ? S_IFCHR | 0o620 : n!.dir ? S_IFDIR | n!.mode : S_IFREG | n!.mode;
    const size = tty ? 0 : n!.size;
    const time = tty ? 0 : n!.mtimeMs;
    return {
      dev: 1,
      ino: tty ? 0 : n!.ino,
      mode,
      nlink: 1,
      uid: 0,
      gid: 0,
      rdev: 0,
      size,
      blksize: 4096,
      blocks: Math.ceil(size / 512),
      atimeMs: time,
      mtimeMs: time,
      ctimeMs: time,
      isDirectory: () => !tty && n!.dir,
      isFile: () => !tty && !n!.dir,
    };
  }
  const count = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  /** Runs a call and hands its result to the callback, synchronously (Go waits on a channel for it). */
  function call(name: string, callback: any, body: () => unknown) {
    count(name);
    let result: unknown;
    try {
      result = body();
    } catch (error) {
      callback(error && typeof error === 'object' && 'code' in error ? error : fail('EIO', String(error)));
      return;
    }
    callback(null, result);
  }
  function toBytes(data: Uint8Array | string): Uint8Array {
    return typeof data === 'string' ? new TextEncoder().encode(data) : data;
  }
  function readStdin(buffer: Uint8Array, offset: number, length: number, callback: any) {
    const deliver = () => {
      const chunk = stdinChunks[0];
      if (!chunk) return callback(null, 0); // closed: end of file
      const n = Math.min(length, chunk.length);
      buffer.set(chunk.subarray(0, n), offset);
      if (n === chunk.length) stdinChunks.shift();
      else stdinChunks[0] = chunk.subarray(n);
      callback(null, n);
    };
    if (stdinChunks.length || stdinClosed) return deliver();
    options.onPending?.(1);
    stdinWaiting.push(() => {
      options.onPending?.(-1);
      deliver();
    });
  }

  const fs: GoFs = {
    constants,
    writeSync(fd: number, buf: Uint8Array): number {
      count('writeSync');
      if (fd === 1 || fd === 2) {
        options.onWrite?.(fd, buf.slice());
        return buf.length;
      }
      const open = fds.get(fd);
      if (!open) throw fail('EBADF');
      return writeAt(open, buf, 0, buf.length, null);
    },
    open(path: string, flags: number, mode: number, callback: any) {
      call('open', callback, () => {
        let node = lookup(path);
        if (node && flags & constants.O_CREAT && flags & constants.O_EXCL) throw fail('EEXIST', path);
        if (!node) {
          if (!(flags & constants.O_CREAT)) throw fail('ENOENT', path);
          const { parent, name } = parentOf(path);
          node = fileNode(mode & 0o777);
          parent.children!.set(name, node);
          parent.mtimeMs = now();
        }
        if (flags & constants.O_DIRECTORY && !node.dir) throw fail('ENOTDIR', path);
        if (node.dir && flags & (constants.O_WRONLY | constants.O_RDWR)) throw fail('EISDIR', path);
        if (flags & constants.O_TRUNC && !node.dir) {
          node.size = 0;
          node.mtimeMs = now();
        }
        const fd = nextFd++;
        fds.set(fd, { node, path: normalize(path), flags, pos: 0 });
        return fd;
      });
    },
    close(fd: number, callback: any) {
      call('close', callback, () => {
        if (fd <= 2) return undefined;
        if (!fds.delete(fd)) throw fail('EBADF');
        return undefined;
      });
    },
    read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null, callback: any) {
      if (fd === 0) {
        count('read');
        readStdin(buffer, offset, length, callback);
        return;
      }
      call('read', callback, () => {
        const open = fds.get(fd);
        if (!open) throw fail('EBADF');
        if (open.node.dir) throw fail('EISDIR');
        const at = position ?? open.pos;
        const n = Math.max(0, Math.min(length, open.node.size - at));
        buffer.set(open.node.data.subarray(at, at + n), offset);
        if (position === null || position === undefined) open.pos += n;
        return n;
      });
    },
    write(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null, callback: any) {
      call('write', callback, () => {
        if (fd === 1 || fd === 2) {
          options.onWrite?.(fd, buffer.slice(offset, offset + length));
          return length;
        }
        const open = fds.get(fd);
        if (!open) throw fail('EBADF');
        return writeAt(open, buffer, offset, length, position);
      });
    },
    fstat(fd: number, callback: any) {
      call('fstat', callback, () => {
        if (fd <= 2) return stats('tty');
        const open = fds.get(fd);
        if (!open) throw fail('EBADF');
        return stats(open.node);
      });
    },
    stat(path: string, callback: any) {
      call('stat', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        return stats(node);
      });
    },
    lstat(path: string, callback: any) {
      call('lstat', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        return stats(node);
      });
    },
    readdir(path: string, callback: any) {
      call('readdir', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        if (!node.dir) throw fail('ENOTDIR', path);
        return [...node.children!.keys()].sort();
      });
    },
    mkdir(path: string, perm: number, callback: any) {
      call('mkdir', callback, () => {
        if (lookup(path)) throw fail('EEXIST', path);
        const { parent, name } = parentOf(path);
        parent.children!.set(name, mkdirNode(perm & 0o777));
        return undefined;
      });
    },
    rmdir(path: string, callback: any) {
      call('rmdir', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        if (!node.dir) throw fail('ENOTDIR', path);
        if (node.children!.size) throw fail('ENOTEMPTY', path);
        const { parent, name } = parentOf(path);
        parent.children!.delete(name);
        return undefined;
      });
    },
    unlink(path: string, callback: any) {
      call('unlink', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        if (node.dir) throw fail('EISDIR', path);
        const { parent, name } = parentOf(path);
        parent.children!.delete(name);
        return undefined;
      });
    },
    rename(from: string, to: string, callback: any) {
      call('rename', callback, () => {
        const node = lookup(from);
        if (!node) throw fail('ENOENT', from);
        const target = lookup(to);
        if (target?.dir && !node.dir) throw fail('EISDIR', to);
        const source = parentOf(from);
        const destination = parentOf(to);
        source.parent.children!.delete(source.name);
        destination.parent.children!.set(destination.name, node);
        return undefined;
      });
    },
    ftruncate(fd: number, length: number, callback: any) {
      call('ftruncate', callback, () => {
        const open = fds.get(fd);
        if (!open) throw fail('EBADF');
        truncateNode(open.node, length);
        return undefined;
      });
    },
    truncate(path: string, length: number, callback: any) {
      call('truncate', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        truncateNode(node, length);
        return undefined;
      });
    },
    fsync(fd: number, callback: any) {
      call('fsync', callback, () => undefined);
    },
    chmod(path: string, mode: number, callback: any) {
      call('chmod', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        node.mode = mode & 0o777;
        return undefined;
      });
    },
    fchmod(fd: number, mode: number, callback: any) {
      call('fchmod', callback, () => {
        const open = fds.get(fd);
        if (!open) throw fail('EBADF');
        open.node.mode = mode & 0o777;
        return undefined;
      });
    },
    utimes(path: string, atime: number, mtime: number, callback: any) {
      call('utimes', callback, () => {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        node.mtimeMs = mtime * 1000;
        return undefined;
      });
    },
    readlink(path: string, callback: any) {
      call('readlink', callback, () => {
        if (!lookup(path)) throw fail('ENOENT', path);
        throw fail('EINVAL', path); // no symbolic links here
      });
    },
    chown: (...args: any[]) => args[args.length - 1](fail('ENOSYS')),
    fchown: (...args: any[]) => args[args.length - 1](fail('ENOSYS')),
    lchown: (...args: any[]) => args[args.length - 1](fail('ENOSYS')),
    link: (...args: any[]) => args[args.length - 1](fail('ENOSYS')),
    symlink: (...args: any[]) => args[args.length - 1](fail('ENOSYS')),
    gfg: {
      cwd: () => cwd,
      chdir(path: string) {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        if (!node.dir) throw fail('ENOTDIR', path);
        cwd = normalize(path);
      },
      resolve: (...parts: string[]) => normalize(parts.reduce((acc, part) => (part.startsWith('/') ? part : `${acc}/${part}`), cwd)),
      writeFile(path: string, data: Uint8Array | string) {
        const bytes = toBytes(data);
        const full = normalize(path);
        mkdirp(full.slice(0, full.lastIndexOf('/')) || '/');
        const { parent, name } = parentOf(full);
        const node = fileNode();
        node.data = bytes;
        node.size = bytes.length;
        parent.children!.set(name, node);
      },
      readFile(path: string): Uint8Array {
        const node = lookup(path);
        if (!node) throw fail('ENOENT', path);
        if (node.dir) throw fail('EISDIR', path);
        return node.data.slice(0, node.size);
      },
      exists: (path: string) => lookup(path) !== undefined,
      remove(path: string) {
        const full = normalize(path);
        const cut = full.lastIndexOf('/');
        lookup(full.slice(0, cut) || '/')?.children?.delete(full.slice(cut + 1));
      },
      stdin(data: Uint8Array | null) {
        if (data === null) stdinClosed = true;
        else if (data.length) stdinChunks.push(data);
        while (stdinWaiting.length && (stdinChunks.length || stdinClosed)) stdinWaiting.shift()!();
      },
      calls,
    },
  };

  function writeAt(open: Open, buffer: Uint8Array, offset: number, length: number, position: number | null): number {
    const node = open.node;
    if (node.dir) throw fail('EISDIR');
    if (!(open.flags & (constants.O_WRONLY | constants.O_RDWR))) throw fail('EBADF');
    const at = position ?? (open.flags & constants.O_APPEND ? node.size : open.pos);
    ensure(node, at + length);
    if (at > node.size) node.data.fill(0, node.size, at);
    node.data.set(buffer.subarray(offset, offset + length), at);
    node.size = Math.max(node.size, at + length);
    node.mtimeMs = now();
    if (position === null || position === undefined) open.pos = at + length;
    return length;
  }
  function truncateNode(node: Node, length: number) {
    if (node.dir) throw fail('EISDIR');
    ensure(node, length);
    if (length > node.size) node.data.fill(0, node.size, length);
    node.size = length;
    node.mtimeMs = now();
  }

  return fs;
}
