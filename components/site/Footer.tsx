import Link from 'next/link';

export function Footer() {
  return (
    <footer className="site-footer">
      <div className="site-footer-inner">
        <p>
          Go Field Guide: original articles on Go and cloud systems, each citing its sources. Playgrounds run TypeScript ports of the Go
          originals in your browser.
        </p>
        <ul className="footer-links">
          <li>
            <Link href="/tracks">Onboarding tracks</Link>
          </li>
          <li>
            <Link href="/tags">All tags</Link>
          </li>
          <li>
            <a href="/feed.xml">Atom feed</a>
          </li>
          <li>
            <a href="/sitemap.xml">Sitemap</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
