/**
 * Validate and compile every article and track; print each mistake with file and line. With Go on
 * the PATH, also build and vet every complete Go example and parse every fragment (scripts/go-check.ts).
 * GFG_REQUIRE_GO=1 (set by CI) makes a missing Go an error instead of a skipped step.
 */
import { performance } from 'node:perf_hooks';
import { ContentErrors } from '../lib/content/errors';
import { PlaygroundError } from '../lib/playgrounds/registry';
import { getSite, PROJECT_ROOT } from '../lib/site';
import { checkGoBlocks, findGo } from './go-check';

const started = performance.now();
try {
  const site = await getSite();
  const words = site.articles.reduce((sum, a) => sum + a.wordCount, 0);
  console.log(`content ok: ${site.articles.length} articles (${words} words), ${site.tracks.length} tracks in ${Math.round(performance.now() - started)} ms`);

  const blocks = site.articles.flatMap((a) => a.goBlocks);
  const toolchain = findGo(PROJECT_ROOT);
  if (!toolchain) {
    const message = `Go not found: ${blocks.length} Go examples were not compiled. Install Go 1.26 or later (go.mod pins go1.27.3, which go fetches).`;
    if (process.env.GFG_REQUIRE_GO === '1') {
      console.error(message);
      process.exit(1);
    }
    console.warn(message);
  } else {
    const goStarted = performance.now();
    const errors = checkGoBlocks(site.articles, PROJECT_ROOT, toolchain);
    if (errors.length) throw new ContentErrors(errors);
    const count = (kind: string) => blocks.filter((b) => b.kind.kind === kind).length;
    console.log(`go examples ok (${toolchain.version}): ${count('file')} complete files built and vetted, ${count('fragment')} fragments parsed, ${count('excerpt')} excerpts of tested files matched, in ${Math.round(performance.now() - goStarted)} ms`);
  }
} catch (error) {
  if (error instanceof ContentErrors || error instanceof PlaygroundError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
