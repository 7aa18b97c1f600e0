import type { Metadata, Viewport } from 'next';
import { Footer } from '@/components/site/Footer';
import { Header } from '@/components/site/Header';
import { SearchLauncher } from '@/components/search/SearchLauncher';
import { themeScript } from '@/components/site/theme-script';
import { SITE_DESCRIPTION, SITE_NAME, SITE_URL } from '@/lib/config';
import { getSearchIndex } from '@/lib/search-index';
import './globals.css';
import '@/components/mdx/code-theme.css';

export const metadata: Metadata = {
  metadataBase: new URL(SITE_URL),
  title: { default: SITE_NAME, template: `%s · ${SITE_NAME}` },
  description: SITE_DESCRIPTION,
  alternates: { types: { 'application/atom+xml': '/feed.xml' } },
  // Files that never change are served as they are from public/.
  icons: { icon: { url: '/favicon.svg', type: 'image/svg+xml' } },
  openGraph: {
    siteName: SITE_NAME,
    type: 'website',
    description: SITE_DESCRIPTION,
    images: [{ url: '/og.png', width: 1200, height: 630, alt: 'Go Field Guide: Go concurrency, the Go runtime, resilient APIs and cloud data systems, with playgrounds that run in the browser' }],
  },
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1419' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const searchIndex = await getSearchIndex();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body>
        <Header searchSlot={<SearchLauncher indexUrl={searchIndex.url} />} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <Footer />
      </body>
    </html>
  );
}
