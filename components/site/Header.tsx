import Link from 'next/link';
import { ThemeToggle } from './ThemeToggle';

const NAV = [
  { href: '/articles', label: 'Articles' },
  { href: '/tracks', label: 'Tracks' },
  { href: '/playgrounds', label: 'Playgrounds' },
  { href: '/tags', label: 'Tags' },
];

export function Header({ searchSlot }: { searchSlot?: React.ReactNode }) {
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="site-header-inner">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            GF
          </span>
          <span>Go Field Guide</span>
        </Link>
        <nav aria-label="Main" className="main-nav">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-actions">
          {searchSlot}
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
