import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { inlineScriptHashes, pagePolicy, parsePolicy, sandboxFramePolicy, withMetaPolicy } from '../../lib/csp';
import { sandboxFrameHtml } from '../../lib/runtime/sandbox-frame';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('Content-Security-Policy', () => {
  test('hashes each executable inline script once, and nothing else', () => {
    const html = [
      '<script>self.__next_f.push([0])</script>',
      '<script src="/_next/static/chunks/a.js" async></script>',
      '<script type="application/ld+json">{"@type":"Article"}</script>',
      '<script type="module">import("/x.js")</script>',
      '<SCRIPT>self.__next_f.push([0])</SCRIPT>',
      '<script id="theme">document.documentElement.dataset.theme="dark"</script >',
    ].join('');
    assert.deepEqual(
      inlineScriptHashes(html),
      [sha('self.__next_f.push([0])'), sha('import("/x.js")'), sha('document.documentElement.dataset.theme="dark"')].sort(),
    );
  });

  test("a page may run only this origin's scripts and its own inline ones: no eval, no blob:, no inline fallback", () => {
    const policy = parsePolicy(pagePolicy('<script>a()</script>'));
    assert.deepEqual(policy.get('script-src'), ["'self'", sha('a()')]);
    assert.deepEqual(policy.get('object-src'), ["'none'"]);
    assert.deepEqual(policy.get('base-uri'), ["'none'"]);
    assert.deepEqual(policy.get('frame-ancestors'), ["'self'"]);
    assert.deepEqual(policy.get('default-src'), ["'self'"]);
    const all = [...policy.values()].flat();
    for (const risky of ["'unsafe-eval'", 'blob:', '*', 'https:']) assert.ok(!all.includes(risky), risky);
    assert.ok(!policy.get('script-src')!.includes("'unsafe-inline'"));
  });

  test("the sandbox frame's policy allows its own script, eval and Blob workers, and no network", () => {
    const html = sandboxFrameHtml();
    const policy = parsePolicy(sandboxFramePolicy(html));
    assert.deepEqual(policy.get('default-src'), ["'none'"]);
    assert.deepEqual(policy.get('worker-src'), ['blob:']);
    assert.deepEqual(policy.get('script-src'), ["'unsafe-eval'", ...inlineScriptHashes(html)]);
    assert.equal(inlineScriptHashes(html).length, 1);
    assert.equal(policy.get('connect-src'), undefined, 'falls back to default-src none');
  });

  test('a meta policy goes first in <head>, hashes the same scripts, and leaves out frame-ancestors', () => {
    const html = '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/><script>theme()</script></head><body><script>self.__next_f.push([1,"x"])</script></body></html>';
    const out = withMetaPolicy(html);
    const meta = /^<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="([^"]*)"><meta charSet/.exec(out);
    assert.ok(meta, out.slice(0, 120));
    const policy = parsePolicy(meta[1]!);
    assert.deepEqual(policy.get('script-src'), ["'self'", ...inlineScriptHashes(html)]);
    assert.equal(policy.get('frame-ancestors'), undefined);
    assert.equal(out.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/, ''), html, 'nothing else changes');
    assert.throws(() => withMetaPolicy('<p>no head</p>'), /no <head>/);
  });
});
