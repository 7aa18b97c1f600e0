import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="page not-found">
      <h1>Page not found</h1>
      <p className="lede">There is no page at this address. It may have moved, or the link may have a typo.</p>
      <ul>
        <li>
          <Link href="/">Go to the home page</Link> and pick a topic or an onboarding track.
        </li>
        <li>
          <Link href="/articles">Browse all articles</Link>.
        </li>
        <li>
          <Link href="/search">Search the guide</Link>.
        </li>
      </ul>
    </div>
  );
}
