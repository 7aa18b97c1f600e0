'use client';

import { useRef, useState } from 'react';

/** Copies the text of the code block it sits in. */
export function CopyButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const ref = useRef<HTMLButtonElement>(null);

  async function copy() {
    const code = ref.current?.closest('.code-block')?.querySelector('pre')?.textContent ?? '';
    try {
      await navigator.clipboard.writeText(code);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }

  return (
    <button ref={ref} type="button" className="copy-button" onClick={copy} aria-label="Copy code to clipboard">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}
      <span className="visually-hidden" role="status">
        {state === 'copied' ? 'Code copied to clipboard' : state === 'failed' ? 'Could not copy the code' : ''}
      </span>
    </button>
  );
}
