import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Article } from '../../lib/content/load';
import { parseGoMeta, type GoBlock } from '../../lib/content/go-blocks';
import { checkGoBlocks, findGo } from '../../scripts/go-check';

// The real Go toolchain against the real modules of go.mod: without Go these tests say so and skip.
const toolchain = findGo(process.cwd());
const root = mkdtempSync(path.join(tmpdir(), 'gfg-gocheck-'));
after(() => rmSync(root, { recursive: true, force: true }));
copyFileSync('go.mod', path.join(root, 'go.mod'));
copyFileSync('go.sum', path.join(root, 'go.sum'));

function article(file: string, blocks: Array<[number, string, string?]>): Article {
  const goBlocks: GoBlock[] = blocks.map(([line, code, meta]) => {
    const kind = parseGoMeta(meta);
    assert.ok(typeof kind !== 'string', String(kind));
    return { line, code, kind };
  });
  return { file, goBlocks } as unknown as Article;
}

describe('Go examples are built, vetted and parsed with the real toolchain', { skip: toolchain ? false : 'Go is not on the PATH' }, () => {
  test('each problem is reported at its line in the article', () => {
    const good = `package main

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

func main() {
	g, _ := errgroup.WithContext(context.Background())
	g.Go(func() error { return nil })
	fmt.Println(g.Wait())
}
`;
    const typeError = 'package lib\n\n// N is a number.\nvar N int = "seven"\n';
    const vetError = 'package lib\n\nimport "fmt"\n\n// Show prints.\nfunc Show() { fmt.Printf("%d\\n", "text") }\n';
    const unformatted = 'package lib\n\n// N is a number.\nvar N  =  7\n';
    const errors = checkGoBlocks(
      [
        article('content/articles/a.mdx', [
          [10, good],
          [40, typeError],
          [60, vetError],
          [80, 'if err != nil {\n\treturn err\n}\n', 'fragment'],
          [90, 'func (c *Client) Get(\n', 'fragment'],
          [100, 'x:=1\n', 'fragment'],
        ]),
        article('content/articles/b.mdx', [[5, unformatted]]),
      ],
      root,
      toolchain!,
      path.join(root, 'scratch'),
    ).map((e) => e.message);

    assert.ok(errors.some((m) => /^content\/articles\/a\.mdx:43:\d+: go vet: .*cannot use "seven"/.test(m)), errors.join('\n'));
    assert.ok(errors.some((m) => /^content\/articles\/a\.mdx:65:\d+: go vet: .*Printf format %d has arg "text" of wrong type string/.test(m)), errors.join('\n'));
    assert.ok(errors.some((m) => /^content\/articles\/a\.mdx:9[01]:\d+: Go fragment does not parse/.test(m)), errors.join('\n'));
    assert.ok(errors.includes('content/articles/a.mdx:100: Go fragment is not gofmt-formatted (run gofmt on it)'), errors.join('\n'));
    assert.ok(errors.includes('content/articles/b.mdx:5: Go block is not gofmt-formatted (run gofmt on it)'), errors.join('\n'));
    assert.ok(!errors.some((m) => /a\.mdx:(1\d|2\d|8\d):/.test(m)), `the good file and the good fragment pass:\n${errors.join('\n')}`);
  });

  test('a main package that links is clean', () => {
    const errors = checkGoBlocks([article('content/articles/c.mdx', [[3, 'package main\n\nfunc main() {}\n']])], root, toolchain!, path.join(root, 'scratch2'));
    assert.deepEqual(errors, []);
  });

  test('library packages alone are vetted, with nothing to link', () => {
    const errors = checkGoBlocks([article('content/articles/e.mdx', [[3, 'package lib\n\n// X is one.\nvar X = 1\n']])], root, toolchain!, path.join(root, 'scratch4'));
    assert.deepEqual(errors, []);
  });

  test('a package main without func main fails at link time', () => {
    const errors = checkGoBlocks([article('content/articles/d.mdx', [[3, 'package main\n\n// X is unused.\nvar X = 1\n']])], root, toolchain!, path.join(root, 'scratch3')).map((e) => e.message);
    assert.ok(errors.some((m) => /d\.mdx:\d+(:\d+)?: go build: .*main/.test(m)), errors.join('\n'));
  });
});
