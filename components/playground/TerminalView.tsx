'use client';

import { useEffect, useRef } from 'react';
import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { decodeTracePayload, TRACE_OSC, type TraceEvent } from '@/lib/playgrounds/trace-codec';
import type { SessionTerminal } from './session';

/** A dark terminal in both site themes: the demos' ANSI colours are chosen for it. */
const THEME = {
  background: '#0d1117',
  foreground: '#e6edf3',
  cursor: '#e6edf3',
  selectionBackground: '#264f78',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#8b949e',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#ffffff',
};

/** The terminal's whole buffer as plain text, wrapped rows joined back into their lines. */
function bufferText(term: Terminal): string {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) {
    const line = buffer.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines.join('\n').trimEnd();
}

/**
 * xterm.js with the fit and web-links addons. It hands the session a SessionTerminal (write,
 * keystrokes, size, clear) and catches the trace OSC sequences (ESC ] 7337 ; json BEL) with a
 * parser handler, so they reach the timeline and never the screen.
 */
export function TerminalView({ label, greeting, onReady, onTrace, onResize }: { label: string; greeting: string; onReady: (terminal: SessionTerminal | undefined) => void; onTrace: (event: TraceEvent) => void; onResize: (cols: number, rows: number) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onReady, onTrace, onResize });
  useEffect(() => {
    callbacks.current = { onReady, onTrace, onResize };
  });

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const term = new Terminal({
      convertEol: true,
      cursorBlink: false,
      cursorStyle: 'bar',
      cursorInactiveStyle: 'none',
      fontFamily: "ui-monospace, 'SFMono-Regular', 'JetBrains Mono', Menlo, Consolas, monospace",
      fontSize: 13,
      lineHeight: 1.2,
      scrollback: 5000,
      theme: THEME,
      screenReaderMode: false,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.loadAddon(new WebLinksAddon((event, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    const osc = term.parser.registerOscHandler(TRACE_OSC, (payload) => {
      const event = decodeTracePayload(payload);
      if (event) callbacks.current.onTrace(event);
      return true; // handled: never printed
    });
    term.open(element);
    term.textarea?.setAttribute('aria-label', label);
    term.write(`\x1b[2m${greeting}\x1b[22m\r\n`);

    const safeFit = () => {
      try {
        if (element.clientWidth > 0) fit.fit();
      } catch {
        // not laid out yet
      }
    };
    safeFit();
    const observer = new ResizeObserver(() => safeFit());
    observer.observe(element);
    const resizeListener = term.onResize(({ cols, rows }) => callbacks.current.onResize(cols, rows));

    const dataListeners = new Set<(data: string) => void>();
    const dataSubscription = term.onData((data) => dataListeners.forEach((listener) => listener(data)));
    const handle: SessionTerminal = {
      write: (text) => term.write(text),
      onData: (listener) => {
        dataListeners.add(listener);
        return () => dataListeners.delete(listener);
      },
      get cols() {
        return term.cols;
      },
      get rows() {
        return term.rows;
      },
      // In band (ESC c, a full reset), so it stays in order with output still queued in xterm.
      clear: () => term.write('\x1bc'),
    };
    callbacks.current.onReady(handle);
    // The DOM holds only the visible rows: tests and debugging read the whole buffer here.
    Object.defineProperty(element, 'gfgTerminalText', { configurable: true, value: () => bufferText(term) });

    return () => {
      callbacks.current.onReady(undefined);
      observer.disconnect();
      resizeListener.dispose();
      dataSubscription.dispose();
      osc.dispose();
      term.dispose();
    };
  }, [label, greeting]);

  return <div className="pg-terminal" ref={host} />;
}
