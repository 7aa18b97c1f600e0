/**
 * Terminal output for the demos: ANSI colours and log(line), which prefixes the time.
 * Set NO_COLOR=1 to print without colours.
 */
import { elapsedMs, formatElapsed } from './clock';

const useColor = !(typeof process !== 'undefined' && process.env?.NO_COLOR);

const style =
  (open: number, close: number) =>
  (text: string | number): string =>
    useColor ? `\x1b[${open}m${text}\x1b[${close}m` : String(text);

export const bold = style(1, 22);
export const dim = style(2, 22);
export const red = style(31, 39);
export const green = style(32, 39);
export const yellow = style(33, 39);
export const blue = style(34, 39);
export const magenta = style(35, 39);
export const cyan = style(36, 39);

let logClock: { now(): number } = { now: elapsedMs };

/** Make log() stamp lines with this clock's time (a demo's VirtualClock) instead of wall-clock time. */
export function setLogClock(clock: { now(): number }): void {
  logClock = clock;
}

/** Prints "+0.123s line". */
export function log(line: string): void {
  console.log(`${dim(formatElapsed(logClock.now()))} ${line}`);
}

/** A blank line and a bold title. */
export function heading(title: string): void {
  console.log('');
  console.log(bold(title));
}

/** Removes colour codes, to measure or compare the visible text. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Pads to a visible width, ignoring colour codes. */
export function pad(text: string | number, width: number, align: 'left' | 'right' = 'left'): string {
  const s = String(text);
  const fill = ' '.repeat(Math.max(0, width - stripAnsi(s).length));
  return align === 'left' ? s + fill : fill + s;
}
