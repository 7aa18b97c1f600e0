import Link from 'next/link';
import { highlightToHtml } from '@/lib/content/highlight';
import { getPlaygroundView } from './load';
import { PlaygroundClient } from './PlaygroundClient';
import { domIds } from './view';
import './playground.css';

/**
 * A runnable demo. Rendered on the server: the title, the first file highlighted by shiki and the
 * tabs, readable without any JavaScript. PlaygroundClient, a few kilobytes, loads the
 * interactive island (editor, terminal, runtimes) only when the reader interacts with it or it
 * nears the viewport.
 */
export async function Playground({ id, variant = 'inline' }: { id: string; variant?: 'inline' | 'page' }) {
  const view = getPlaygroundView(id);
  // Only the first tab is highlighted here: it is the one the page shows. Another tab is rarely
  // opened before the editor (which highlights by itself) has loaded, and every panel passed to
  // PlaygroundClient rides in the page's RSC payload: three more would add about 120 KB to the HTML.
  const first = view.files[0]!;
  const highlighted = [await highlightToHtml(first.source, first.lang)];
  const ids = domIds(id);
  return (
    <section className={`playground playground-${variant}`} aria-labelledby={ids.title} data-playground-id={id}>
      {variant === 'inline' && (
        <header className="pg-header">
          <p className="pg-title" id={ids.title}>
            <span className="pg-kicker">Playground</span> {view.title}
          </p>
          <Link href={`/playgrounds/${id}`} className="pg-open">
            Open full screen<span className="visually-hidden">: {view.title}</span>
          </Link>
        </header>
      )}
      {variant === 'page' && (
        <p className="visually-hidden" id={ids.title}>
          Playground: {view.title}
        </p>
      )}
      <PlaygroundClient
        view={view}
        variant={variant}
        panels={highlighted.map((html, i) => (
          <div key={view.files[i]!.path} className="pg-static-code" dangerouslySetInnerHTML={{ __html: html }} />
        ))}
      />
    </section>
  );
}
