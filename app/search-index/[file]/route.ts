import { getSearchIndex } from '@/lib/search-index';

/**
 * The search index and its excerpt text: two JSON files named by one content hash, emitted by `next build`
 * and the static export.
 */
export const dynamic = 'force-static';
export const dynamicParams = false;

export async function generateStaticParams() {
  const index = await getSearchIndex();
  return [{ file: index.fileName }, { file: index.textFileName }];
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const index = await getSearchIndex();
  const file = (await params).file;
  const body = file === index.fileName ? index.body : file === index.textFileName ? index.textBody : undefined;
  if (body === undefined) return new Response('Not found', { status: 404 });
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // The names change whenever the content does.
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
  });
}
