import { expect, seriousViolations, test } from './fixtures';

test('self-check: a wrong answer explains why, the right one is confirmed', async ({ page }) => {
  await page.goto('/articles/errgroup-package');
  const check = page.getByRole('region', { name: 'Self-check questions' });
  await check.scrollIntoViewIfNeeded();
  const first = check.locator('fieldset').first();
  const choices = first.getByRole('radio');
  const count = await choices.count();
  expect(count).toBeGreaterThan(1);
  // Find the right answer by trying: each pick must give feedback, wrong or right.
  let correctIndex = -1;
  for (let i = 0; i < count; i++) {
    await choices.nth(i).check();
    const feedback = first.locator('.self-check-feedback p');
    await expect(feedback).toBeVisible();
    const text = (await feedback.textContent()) ?? '';
    expect(text.length).toBeGreaterThan(20);
    if (text.startsWith('Correct.')) correctIndex = i;
    else expect(text).toMatch(/^Not quite\./);
  }
  expect(correctIndex).toBeGreaterThanOrEqual(0);
  await choices.nth(correctIndex).check();
  await expect(first.locator('label.correct')).toHaveCount(1);
  await expect(check.locator('.self-check-score')).toContainText('1 of');
});

test('self-check is usable with the keyboard', async ({ page }) => {
  await page.goto('/articles/errgroup-package');
  const radio = page.getByRole('region', { name: 'Self-check questions' }).getByRole('radio').first();
  await radio.focus();
  await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
  await expect(page.locator('.self-check-feedback p').first()).toBeVisible();
});

test('track progress survives a reload and points to the next step', async ({ page }) => {
  await page.goto('/tracks/inside-the-go-runtime');
  await expect(page.getByTestId('track-progress')).toContainText('0 of 4 read');
  const firstStep = page.locator('.track-steps .step').first().getByRole('link');
  const firstTitle = (await firstStep.textContent())!;
  await firstStep.click();
  await expect(page.locator('.track-context')).toContainText('step 1 of 4');
  // Reading to the end marks the article as read.
  await page.locator('.read-marker').scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('gfg-progress-v1'))).toContain('g0-special-goroutine');
  await page.locator('.track-context p', { hasText: 'Next step' }).getByRole('link').click();
  await expect(page.locator('.track-context')).toContainText('step 2 of 4');

  await page.goto('/tracks/inside-the-go-runtime');
  await page.reload();
  await expect(page.getByTestId('track-progress')).toContainText('1 of 4 read');
  await expect(page.locator('.track-steps .step.read')).toHaveCount(1);
  await expect(page.locator('.track-steps .step.read')).toContainText(firstTitle);
  await expect(page.getByTestId('track-progress').getByRole('link')).not.toHaveText(firstTitle);

  await page.goto('/');
  await expect(page.getByTestId('progress-summary')).toContainText('Inside the Go runtime: 1 of 4 read');
  await page.getByRole('button', { name: 'Reset progress' }).click();
  await expect(page.getByTestId('progress-summary')).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(/Your progress is kept in this browser/)).toBeVisible();
});

test('passing a whole self-check is recorded', async ({ page }) => {
  await page.goto('/articles/go-scheduler-affinity');
  const questions = page.getByRole('region', { name: 'Self-check questions' }).locator('fieldset');
  const n = await questions.count();
  for (let q = 0; q < n; q++) {
    const choices = questions.nth(q).getByRole('radio');
    for (let i = 0; i < (await choices.count()); i++) {
      await choices.nth(i).check();
      if (((await questions.nth(q).locator('.self-check-feedback p').textContent()) ?? '').startsWith('Correct.')) break;
    }
  }
  await expect(page.locator('.self-check-score')).toContainText(`${n} of ${n} correct`);
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('gfg-progress-v1') ?? '{}').passed)).toContain('go-scheduler-affinity');
});

test('axe: track page and an article with a self-check answered', async ({ page }) => {
  await page.goto('/tracks/resilient-services');
  expect(await seriousViolations(page)).toEqual([]);
  await page.goto('/articles/inside-cloud-spanner');
  await page.getByRole('region', { name: 'Self-check questions' }).getByRole('radio').first().check();
  expect(await seriousViolations(page)).toEqual([]);
});
