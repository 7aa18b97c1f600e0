import { getSearchIndex } from '@/lib/search-index';

/** The search index: one JSON file whose name carries its content hash, emitted by `next build` and the static export. */
export const dynamic = 'force-static';
export const dynamicParams = false;

export async function generateStaticParams() {
  const index = await getSearchIndex();
  return [{ file: index.fileName }];
}

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const index = await getSearchIndex();
  if ((await params).file !== index.fileName) return new Response('Not found', { status: 404 });
  return new Response(index.body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      // The name changes whenever the content does.
      'Cache-Control': 'public, max-age=31536000, immutable',
    },
  });
}
