'use client';

import { useId, useState } from 'react';
import type { SelfCheckQuestion } from '@/lib/content/self-check';
import { recordSelfCheck } from '@/lib/progress';

/** Renders backtick spans as <code>; the rest stays plain text. */
function InlineCode({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]+`)/).map((part, i) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part))}
    </>
  );
}

function Question({ question, index, onAnswer }: { question: SelfCheckQuestion; index: number; onAnswer: (correct: boolean) => void }) {
  const [picked, setPicked] = useState<number | null>(null);
  const name = useId();
  const choice = picked === null ? undefined : question.choices[picked];
  return (
    <fieldset className="self-check-question">
      <legend>
        <span className="self-check-number">{index + 1}.</span> <InlineCode text={question.prompt} />
      </legend>
      <ul className="self-check-choices">
        {question.choices.map((c, i) => (
          <li key={i}>
            <label className={picked === i ? (c.correct ? 'picked correct' : 'picked wrong') : undefined}>
              <input
                type="radio"
                name={name}
                checked={picked === i}
                onChange={() => {
                  setPicked(i);
                  onAnswer(Boolean(c.correct));
                }}
              />
              <InlineCode text={c.text} />
            </label>
          </li>
        ))}
      </ul>
      <div className="self-check-feedback" aria-live="polite">
        {choice && (
          <p className={choice.correct ? 'feedback-correct' : 'feedback-wrong'}>
            <strong>{choice.correct ? 'Correct.' : 'Not quite.'}</strong> <InlineCode text={choice.why} />
          </p>
        )}
      </div>
    </fieldset>
  );
}

/** "Check yourself": instant feedback per answer; passing every question is recorded as progress. */
export function SelfCheck({ questions, slug }: { questions: SelfCheckQuestion[]; slug?: string }) {
  const [results, setResults] = useState<(boolean | undefined)[]>(() => questions.map(() => undefined));
  const correct = results.filter(Boolean).length;
  const answered = results.filter((r) => r !== undefined).length;

  function answer(index: number, isCorrect: boolean) {
    const next = results.map((r, i) => (i === index ? isCorrect : r));
    setResults(next);
    const articleSlug = slug ?? document.querySelector<HTMLElement>('[data-article-slug]')?.dataset.articleSlug;
    if (articleSlug && next.every(Boolean)) recordSelfCheck(articleSlug);
  }

  return (
    <section className="self-check" aria-label="Self-check questions">
      {questions.map((question, i) => (
        <Question key={i} question={question} index={i} onAnswer={(ok) => answer(i, ok)} />
      ))}
      <p className="self-check-score" aria-live="polite">
        {answered === 0 ? `${questions.length} questions. Pick an answer to see why it is right or wrong.` : `${correct} of ${questions.length} correct${correct === questions.length ? ': all done.' : '.'}`}
      </p>
    </section>
  );
}
