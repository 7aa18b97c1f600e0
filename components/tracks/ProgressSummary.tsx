'use client';

import Link from 'next/link';
import { useSyncExternalStore } from 'react';
import { loadProgress, PROGRESS_EVENT, PROGRESS_KEY, resetProgress, trackProgress, type Progress } from '@/lib/progress';

interface TrackSteps {
  slug: string;
  title: string;
  steps: string[];
}

function subscribeToProgress(onChange: () => void) {
  window.addEventListener(PROGRESS_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(PROGRESS_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

// useSyncExternalStore needs the same object while the stored text is unchanged.
let lastRaw: string | null | undefined;
let lastProgress: Progress | undefined;
function readProgress(): Progress {
  const raw = localStorage.getItem(PROGRESS_KEY);
  if (raw !== lastRaw || !lastProgress) {
    lastRaw = raw;
    lastProgress = loadProgress();
  }
  return lastProgress;
}

/** The reader's progress from this browser; undefined while rendering on the server. */
export function useProgress(): Progress | undefined {
  return useSyncExternalStore(subscribeToProgress, readProgress, () => undefined);
}

/** The reader's progress across tracks, kept in this browser, with a reset. */
export function ProgressSummary({ tracks }: { tracks: TrackSteps[] }) {
  const progress = useProgress();
  if (!progress || (progress.read.length === 0 && progress.passed.length === 0)) {
    return <p className="muted progress-summary">Your progress is kept in this browser as you read and pass self-checks.</p>;
  }
  return (
    <div className="progress-summary" data-testid="progress-summary">
      <p>
        You have read {progress.read.length} article{progress.read.length === 1 ? '' : 's'} and passed {progress.passed.length} self-check
        {progress.passed.length === 1 ? '' : 's'}.
      </p>
      <ul>
        {tracks.map((track) => {
          const { done, total, nextSlug } = trackProgress(progress, track.steps);
          return (
            <li key={track.slug}>
              <Link href={`/tracks/${track.slug}`}>{track.title}</Link>: {done} of {total} read
              {nextSlug && done > 0 && (
                <>
                  {' '}
                  · <Link href={`/articles/${nextSlug}?track=${track.slug}`}>continue</Link>
                </>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="button-secondary" onClick={() => resetProgress()}>
        Reset progress
      </button>
    </div>
  );
}
