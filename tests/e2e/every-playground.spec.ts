import path from 'node:path';
import { loadPlaygrounds } from '../../lib/playgrounds/registry';
import { expect, seriousViolations, test } from './fixtures';

/**
 * Every playground, old and new, runs to its end in the in-browser sandbox on its own page: exit
 * code 0, a summary on screen, no trace sequence on screen, a timeline with lanes, and no serious
 * axe violation after the run. Demo-specific checks live in playground.spec.ts.
 */
const { playgrounds } = loadPlaygrounds(path.resolve('playgrounds'));

test.describe('every playground runs in the sandbox', () => {
  for (const { id, timeLimitMs } of playgrounds) {
    test(id, async ({ page }) => {
      test.setTimeout(timeLimitMs + 30_000);
      await page.goto(`/playgrounds/${id}?runtime=sandbox`);
      const pg = page.locator(`.playground[data-playground-id="${id}"]`);
      await expect(pg.locator('.cm-content')).toBeVisible();
      await pg.getByRole('button', { name: 'Run' }).click();
      await expect(pg.getByRole('status')).toHaveText(/Exited with code 0/, { timeout: timeLimitMs + 5_000 });
      const text = await pg.locator('.pg-terminal').evaluate((el) => (el as HTMLElement & { gfgTerminalText: () => string }).gfgTerminalText());
      expect(text).toMatch(/summary/i);
      expect(text, 'trace sequences never reach the screen').not.toMatch(/7337|"kind":/);
      const timeline = pg.getByRole('figure', { name: /Timeline/ });
      await expect(timeline).toBeVisible();
      expect(await timeline.locator('.pg-lane').count()).toBeGreaterThan(0);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }
});
