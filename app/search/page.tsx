import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SearchPage } from '@/components/search/SearchPage';
import { getSearchIndex } from '@/lib/search-index';

export const metadata: Metadata = {
  title: 'Search',
  description: 'Search every article, section and playground of Go Field Guide.',
  alternates: { canonical: '/search' },
};

/** A static shell; the results come from the query string, in the browser, with the same index as the dialog. */
export default async function SearchRoute() {
  const { url } = await getSearchIndex();
  return (
    <div className="page search-page">
      <h1>Search</h1>
      <Suspense fallback={<p className="muted">Loading search…</p>}>
        <SearchPage indexUrl={url} />
      </Suspense>
    </div>
  );
}
