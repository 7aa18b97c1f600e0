'use client';

import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { flushSync } from 'react-dom';
import './search.css';

/** The dialog, MiniSearch and the index stay out of the first load: fetched on intent, on idle, or on open. */
const loadDialog = () => import('./SearchDialog');
const SearchDialog = lazy(loadDialog);

let prefetched = false;
function prefetch(indexUrl: string) {
  if (prefetched) return;
  prefetched = true;
  void loadDialog();
  import('./engine-client').then(
    ({ loadSearchIndex }) => loadSearchIndex(indexUrl),
    () => {
      prefetched = false;
    },
  );
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.closest('.cm-editor, [role="textbox"]') !== null;
}

const noSubscribe = () => () => {};
const isApple = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The header's search button, and the Cmd/Ctrl+K and / shortcuts that open the search dialog. */
export function SearchLauncher({ indexUrl }: { indexUrl: string }) {
  const [open, setOpen] = useState(false);
  const [mounted, setMounted] = useState(false);
  const opener = useRef<Element | null>(null);
  const openRef = useRef(false);
  const apple = useSyncExternalStore(noSubscribe, isApple, () => false);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.isComposing) return;
      const commandK = (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
      const slash = event.key === '/' && !event.metaKey && !event.ctrlKey && !event.altKey && !isTyping(event.target);
      if (!commandK && !slash) return;
      if (document.querySelector('dialog[open]')) return; // another modal has the keyboard
      event.preventDefault();
      if (openRef.current) {
        if (commandK) close(); // Cmd/Ctrl+K toggles
        return;
      }
      opener.current = document.activeElement;
      prefetch(indexUrl);
      setMounted(true);
      setOpen(true);
    }
    document.addEventListener('keydown', onKeyDown);

    // Warm up once the page has settled, so the first search is instant.
    let idle: number | undefined;
    let timer: number | undefined;
    const schedule = () => {
      timer = window.setTimeout(() => {
        if ('requestIdleCallback' in window) idle = window.requestIdleCallback(() => prefetch(indexUrl), { timeout: 5000 });
        else prefetch(indexUrl);
      }, 4000);
    };
    if (document.readyState === 'complete') schedule();
    else window.addEventListener('load', schedule, { once: true });
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('load', schedule);
      if (timer !== undefined) window.clearTimeout(timer);
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [indexUrl]);

  useEffect(() => {
    openRef.current = open;
  }, [open]);

  function close() {
    flushSync(() => setOpen(false)); // the dialog (and its focus guard) is gone before focus moves back
    const target = opener.current;
    opener.current = null;
    if (target instanceof HTMLElement && target.isConnected) target.focus();
  }

  return (
    <>
      <button
        type="button"
        className="search-button"
        aria-label="Search"
        aria-haspopup="dialog"
        aria-keyshortcuts={apple ? 'Meta+K /' : 'Control+K /'}
        onPointerEnter={() => prefetch(indexUrl)}
        onFocus={() => prefetch(indexUrl)}
        onClick={(event) => {
          opener.current = event.currentTarget;
          prefetch(indexUrl);
          setMounted(true);
          setOpen(true);
        }}
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" width="16" height="16">
          <circle cx="8.5" cy="8.5" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
          <path d="M13 13l5 5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        <span className="search-button-label">Search</span>
        <kbd className="search-button-key" aria-hidden="true">
          {apple ? '⌘K' : 'Ctrl K'}
        </kbd>
      </button>
      {mounted && (
        <Suspense fallback={null}>
          <SearchDialog indexUrl={indexUrl} open={open} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
