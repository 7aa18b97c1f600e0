import type { MetadataRoute } from 'next';
import { sitePaths } from '@/lib/content/paths';
import { absoluteUrl } from '@/lib/config';
import { getSite, listPlaygroundIds } from '@/lib/site';

export const dynamic = 'force-static';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const site = await getSite();
  return sitePaths(site, listPlaygroundIds()).map(({ path, lastModified }) => ({ url: absoluteUrl(path), lastModified }));
}
