'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import type { SearchGroup, SearchHit } from '@/lib/search/engine';
import { resultHref } from '@/lib/search/href';
import { MAX_QUERY_LENGTH } from '@/lib/search/text';
import { getIndexState, loadSearchIndex, matchingQueries, searchIndex, subscribeIndex } from './engine-client';
import { HitText, Highlighted } from './Highlighted';
import { SearchFilters } from './SearchFilters';
import { dispatchLanding } from './landing-event';
import { SUGGESTIONS, clearRecent, readRecent, rememberSearch } from './recent';

interface Props {
  indexUrl: string;
  open: boolean;
  onClose: () => void;
}

const SERVER_STATE = { status: 'idle' } as const;

const FOCUSABLE = 'input, select, button, a[href], [tabindex]:not([tabindex="-1"])';

/**
 * Cmd/Ctrl+K search: a modal dialog (role=dialog, aria-modal, focus kept inside) holding a combobox whose
 * listbox shows results grouped by article. Not a native <dialog>: showModal() makes the rest of the page
 * inert, and restyling a long article for that took 40-80 ms on the main thread.
 */
export default function SearchDialog({ indexUrl, open, onClose }: Props) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const listboxId = `${id}-results`;
  const [query, setQuery] = useState('');
  const [topic, setTopic] = useState('');
  const [tag, setTag] = useState('');
  const [active, setActive] = useState({ key: '', index: 0 });
  const [recent, setRecent] = useState(readRecent);
  const [results, setResults] = useState<{ key: string; groups: SearchGroup[] }>({ key: '', groups: [] });
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const indexState = useSyncExternalStore(subscribeIndex, getIndexState, () => SERVER_STATE);
  const facets = indexState.facets;
  const ready = indexState.status === 'ready';
  // The excerpt text comes in a second file: results asked for before it arrived are asked for again.
  const excerpts = indexState.status === 'ready' && indexState.excerpts;
  const trimmed = query.trim();
  const resultsKey = `${query}\u0000${topic}\u0000${tag}`;

  useEffect(() => loadSearchIndex(indexUrl), [indexUrl]);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    matchingQueries(indexUrl, SUGGESTIONS).then((found) => current && setSuggestions(found.slice(0, 6)), () => undefined);
    return () => {
      current = false;
    };
  }, [ready, indexUrl]);

  // Queries run in the worker; the previous results stay on screen until the new ones arrive.
  useEffect(() => {
    if (!ready || !trimmed) return;
    let current = true;
    searchIndex(indexUrl, query, { topic: topic || undefined, tag: tag || undefined }).then(
      (groups) => current && setResults({ key: resultsKey, groups }),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [ready, excerpts, indexUrl, query, trimmed, topic, tag, resultsKey]);

  useEffect(() => {
    if (!open) return;
    inputRef.current?.focus();
    inputRef.current?.select();
    // Keep focus inside: anything that lands outside (a click on the page behind, a script) comes back.
    const onFocusIn = (event: FocusEvent) => {
      if (dialogRef.current && event.target instanceof Node && !dialogRef.current.contains(event.target)) inputRef.current?.focus();
    };
    document.addEventListener('focusin', onFocusIn);
    const root = document.documentElement;
    const overflow = root.style.overflow;
    root.style.overflow = 'hidden';
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      root.style.overflow = overflow;
    };
  }, [open]);

  function trapKeys(event: React.KeyboardEvent<HTMLDivElement>) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.hasAttribute('disabled') && el.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const groups = useMemo(() => (trimmed ? results.groups : []), [trimmed, results]);
  const settled = results.key === resultsKey;
  const options = useMemo(() => groups.flatMap((group) => group.hits.map((hit) => ({ group, hit }))), [groups]);
  const activeIndex = active.key === results.key ? Math.min(active.index, options.length - 1) : 0;
  const optionId = (i: number) => `${id}-option-${i}`;
  const expanded = options.length > 0;

  // Keep the active option in view (only when it changes: scrolling forces a layout).
  useEffect(() => {
    if (!open || !expanded) return;
    const option = document.getElementById(`${id}-option-${activeIndex}`);
    const list = option?.closest('[role="listbox"]');
    if (!option || !list) return;
    const { top, bottom } = option.getBoundingClientRect();
    const box = list.getBoundingClientRect();
    if (top < box.top || bottom > box.bottom) option.scrollIntoView({ block: 'nearest' });
  }, [open, expanded, id, activeIndex, results.key]);

  function openResult(hit: SearchHit) {
    setRecent(rememberSearch(query));
    const href = resultHref(hit, query);
    onClose();
    const target = new URL(href, window.location.href);
    const samePage = target.pathname === window.location.pathname;
    router.push(href);
    if (samePage) dispatchLanding({ q: query.trim(), id: target.hash.slice(1) });
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!expanded) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive({ key: results.key, index: (activeIndex + step + options.length) % options.length });
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (!settled && trimmed && ready) {
        // Typed faster than the results came back: open the best result for what is in the box now.
        searchIndex(indexUrl, query, { topic: topic || undefined, tag: tag || undefined }).then((found) => {
          const hit = found[0]?.hits[0];
          if (hit) openResult(hit);
        }, () => undefined);
        return;
      }
      const option = options[activeIndex];
      if (option) openResult(option.hit);
      else if (query.trim()) {
        onClose();
        router.push(`/search?${new URLSearchParams({ q: query.trim() })}`);
      }
    }
  }

  const status = !trimmed
    ? ''
    : indexState.status === 'error'
      ? 'Search is unavailable: the index could not be loaded.'
      : !ready
        ? 'Loading the search index…'
        : !settled && options.length === 0
          ? 'Searching…'
          : options.length === 0
            ? `No results for “${trimmed}”.`
            : `${options.length} result${options.length === 1 ? '' : 's'} in ${groups.length} ${groups.length === 1 ? 'page' : 'pages'}.`;

  if (!open) return null;
  return createPortal(
    <div
      className="search-overlay"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={`${id}-title`} className="search-dialog" onKeyDown={trapKeys}>
        <h2 id={`${id}-title`} className="visually-hidden">
          Search Go Field Guide
        </h2>
        <div className="search-box">
          <label htmlFor={`${id}-input`} className="visually-hidden">
            Search articles, sections and playgrounds
          </label>
          <svg className="search-icon" aria-hidden="true" viewBox="0 0 20 20" width="18" height="18">
            <circle cx="8.5" cy="8.5" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M13 13l5 5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <input
            ref={inputRef}
            id={`${id}-input`}
            type="search"
            role="combobox"
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={MAX_QUERY_LENGTH}
            placeholder="Search the guide…"
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={expanded ? listboxId : undefined}
            aria-activedescendant={expanded ? optionId(activeIndex) : undefined}
            aria-describedby={`${id}-help`}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <button type="button" className="search-close" onClick={onClose}>
            <span aria-hidden="true">Esc</span>
            <span className="visually-hidden">Close search</span>
          </button>
        </div>

        <SearchFilters facets={facets} topic={topic} tag={tag} onTopicChange={setTopic} onTagChange={setTag} />

        <p id={`${id}-help`} className="visually-hidden">
          Results appear as you type. Use the up and down arrow keys to choose one and Enter to open it.
        </p>
        <p className="search-status" role="status" aria-live="polite">
          {status}
        </p>

        {expanded ? (
          <div id={listboxId} role="listbox" aria-label="Search results" className="search-results">
            {renderGroups(groups, id, (hitIndex) => ({
              id: optionId(hitIndex),
              active: hitIndex === activeIndex,
              onSelect: (hit) => openResult(hit),
              onHover: () => setActive({ key: results.key, index: hitIndex }),
            }))}
          </div>
        ) : (
          <EmptyState
            query={settled ? trimmed : ''}
            hasFilters={Boolean(topic || tag)}
            recent={recent}
            suggestions={suggestions}
            onPick={(q) => {
              setQuery(q);
              inputRef.current?.focus();
            }}
            onClearFilters={() => {
              setTopic('');
              setTag('');
              inputRef.current?.focus();
            }}
            onClearRecent={() => setRecent(clearRecent())}
          />
        )}

        <p className="search-footer muted">
          <span>
            <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close
          </span>
          {trimmed && (
            <a href={`/search?${new URLSearchParams({ q: trimmed, ...(topic && { topic }), ...(tag && { tag }) })}`} onClick={onClose}>
              All results on a page
            </a>
          )}
        </p>
      </div>
    </div>,
    document.body,
  );
}

interface OptionProps {
  id: string;
  active: boolean;
  onSelect: (hit: SearchHit) => void;
  onHover: () => void;
}

function renderGroups(groups: SearchGroup[], idPrefix: string, optionProps: (index: number) => OptionProps) {
  let index = 0;
  return groups.map((group, groupIndex) => (
    <div key={group.key} role="group" aria-labelledby={`${idPrefix}-group-${groupIndex}`} className="search-group">
      <div id={`${idPrefix}-group-${groupIndex}`} className="search-group-title">
        {group.kind === 'playground' && <span className="search-kind">Playground</span>}
        <Highlighted segments={group.titleSegments} />
      </div>
      {group.hits.map((hit) => {
        const props = optionProps(index++);
        return (
          <div
            key={hit.id}
            id={props.id}
            role="option"
            aria-selected={props.active}
            className="search-option"
            onClick={() => props.onSelect(hit)}
            onMouseMove={props.active ? undefined : props.onHover}
          >
            <HitText hit={hit} />
          </div>
        );
      })}
    </div>
  ));
}

function EmptyState(props: {
  query: string;
  hasFilters: boolean;
  recent: string[];
  suggestions: string[];
  onPick: (query: string) => void;
  onClearFilters: () => void;
  onClearRecent: () => void;
}) {
  const { query, hasFilters, recent, suggestions, onPick, onClearFilters, onClearRecent } = props;
  return (
    <div className="search-empty">
      {query && hasFilters && (
        <p>
          Nothing matches with these filters.{' '}
          <button type="button" className="link-button" onClick={onClearFilters}>
            Search all topics and tags
          </button>
        </p>
      )}
      {query && !hasFilters && <p>Check the spelling, use fewer words, or try one of these:</p>}
      {!query && recent.length > 0 && (
        <section aria-labelledby="search-recent-title">
          <h3 id="search-recent-title">
            Recent searches{' '}
            <button type="button" className="link-button" onClick={onClearRecent}>
              Clear
            </button>
          </h3>
          <SearchChips items={recent} onPick={onPick} />
        </section>
      )}
      {suggestions.length > 0 && (
        <section aria-labelledby="search-suggestions-title">
          <h3 id="search-suggestions-title">{query ? 'Suggestions' : 'Try searching for'}</h3>
          <SearchChips items={suggestions} onPick={onPick} />
        </section>
      )}
    </div>
  );
}

/** Queries offered as buttons (recent searches, suggestions): picking one searches for it. */
function SearchChips({ items, onPick }: { items: readonly string[]; onPick: (query: string) => void }) {
  return (
    <ul className="search-chips">
      {items.map((item) => (
        <li key={item}>
          <button type="button" className="search-chip" onClick={() => onPick(item)}>
            {item}
          </button>
        </li>
      ))}
    </ul>
  );
}
