'use client';

import Link from 'next/link';
import { resetProgress, trackProgress } from '@/lib/progress';
import { useProgress } from './ProgressSummary';

interface Step {
  slug: string;
  title: string;
  summary: string;
  why: string;
  minutes: number;
}

/** The track's steps with the reader's progress (from this browser) and the next step to take. */
export function TrackSteps({ trackSlug, steps }: { trackSlug: string; steps: Step[] }) {
  const progress = useProgress();
  const { done, total, nextSlug } = trackProgress(progress ?? { read: [], passed: [] }, steps.map((s) => s.slug));
  const next = steps.find((s) => s.slug === nextSlug);
  return (
    <>
      <div className="track-progress" data-testid="track-progress">
        <progress max={total} value={done} aria-label="Track progress" />
        <p>
          {done} of {total} read
          {next ? (
            <>
              {' '}
              · Next: <Link href={`/articles/${next.slug}?track=${trackSlug}`}>{next.title}</Link>
            </>
          ) : (
            ': track complete.'
          )}
        </p>
        {done > 0 && (
          <button type="button" className="button-secondary" onClick={() => resetProgress()}>
            Reset progress
          </button>
        )}
      </div>
      <ol className="track-steps">
        {steps.map((step, i) => {
          const read = progress?.read.includes(step.slug) ?? false;
          const passed = progress?.passed.includes(step.slug) ?? false;
          return (
            <li key={step.slug} className={read ? 'step read' : 'step'}>
              <span className="step-number" aria-hidden="true">
                {read ? '✓' : i + 1}
              </span>
              <div>
                <h2 className="card-title">
                  <Link href={`/articles/${step.slug}?track=${trackSlug}`}>{step.title}</Link>
                </h2>
                <p>{step.why}</p>
                <p className="muted">
                  {step.minutes} min{read && ' · read'}
                  {passed && ' · self-check passed'}
                </p>
              </div>
            </li>
          );
        })}
      </ol>
    </>
  );
}
