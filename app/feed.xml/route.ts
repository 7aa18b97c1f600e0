import { atomFeed } from '@/lib/feed';
import { getSite } from '@/lib/site';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(atomFeed(await getSite()), { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' } });
}
