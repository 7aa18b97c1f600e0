/** Validate and compile every article and track; print each mistake with file and line. */
import { performance } from 'node:perf_hooks';
import { ContentErrors } from '../lib/content/errors';
import { PlaygroundError } from '../lib/playgrounds/registry';
import { getSite } from '../lib/site';

const started = performance.now();
try {
  const site = await getSite();
  const words = site.articles.reduce((sum, a) => sum + a.wordCount, 0);
  console.log(`content ok: ${site.articles.length} articles (${words} words), ${site.tracks.length} tracks in ${Math.round(performance.now() - started)} ms`);
} catch (error) {
  if (error instanceof ContentErrors || error instanceof PlaygroundError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
