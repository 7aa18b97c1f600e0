/**
 * runMain(main): runs a demo's async main function the way a Go program runs.
 *
 * - An uncaught error is printed in red and the program exits with code 1.
 * - If the program runs out of things to do while main is still waiting (every "goroutine"
 *   blocked, say on a channel nobody will ever read), it stops with Go's
 *   "all goroutines are asleep - deadlock!" and exit code 2, where Node would otherwise
 *   exit silently. (This check needs Node's process events; elsewhere it is skipped.)
 */
import { red } from './term';

export function runMain(main: () => Promise<void>): void {
  let finished = false;
  const canWatch = typeof process !== 'undefined' && typeof process.once === 'function';
  if (canWatch) {
    process.once('beforeExit', () => {
      if (finished) return;
      console.error(red('fatal error: all goroutines are asleep - deadlock!'));
      process.exit(2);
    });
  }
  main().then(
    () => {
      finished = true;
    },
    (err: unknown) => {
      finished = true;
      console.error(red(err instanceof Error ? (err.stack ?? err.message) : `uncaught: ${String(err)}`));
      process.exit(1);
    },
  );
}
