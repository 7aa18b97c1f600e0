import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type Response } from '@playwright/test';
import { parsePolicy } from '../../lib/csp';

/**
 * Every test fails on a console error or an uncaught page error, and never reaches stackblitz.com
 * (the WebContainer runtime cannot load here; tests must not wait on it).
 */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      // A page a test opens on purpose with a 404 status logs "Failed to load resource" for itself;
      // that is the status under test, not an error of the page.
      const missingDocuments = new Set<string>();
      page.on('response', (response) => {
        if (response.status() === 404 && response.request().resourceType() === 'document') missingDocuments.add(response.url());
      });
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (/status of 404/.test(message.text()) && missingDocuments.has(message.location().url)) return;
        errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
      // A Content-Security-Policy violation in any frame (the sandbox frame too) fails the test, by name.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} in ${location.href}`);
        });
      });
      await page.route(/stackblitz\.com|webcontainer/, (route) => route.abort());
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Serious or critical axe violations on the page, with their targets, for a readable failure. */
export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

/** Directive name -> sources of the Content-Security-Policy a document was served with. */
export function contentSecurityPolicy(response: Response | null): Map<string, string[]> {
  const header = response?.headers()['content-security-policy'];
  expect(header, `Content-Security-Policy of ${response?.url()}`).toBeTruthy();
  return parsePolicy(header!);
}

/** A page's policy: scripts from this origin and its own inline scripts by hash only. */
export function expectStrictPagePolicy(response: Response | null): void {
  const policy = contentSecurityPolicy(response);
  const scripts = policy.get('script-src') ?? [];
  expect(scripts[0]).toBe("'self'");
  expect(scripts.slice(1).length, 'inline scripts allowed by hash').toBeGreaterThan(0);
  for (const source of scripts.slice(1)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  expect(policy.get('object-src')).toEqual(["'none'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'self'"]);
  const all = [...policy.values()].flat();
  expect(all).not.toContain("'unsafe-eval'");
  expect(all).not.toContain('blob:');
}

/** An inline script added to the page is refused by its policy (the violation it causes is the result, not a fault). */
export async function expectInjectedScriptRefused(page: Page, consoleErrors: string[]): Promise<void> {
  const violation = page.waitForEvent('console', (message) => message.text().includes('CSP violation: script-src-elem'));
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
  });
  await violation;
  expect(await page.evaluate(() => (window as Window & { injected?: boolean }).injected)).toBeUndefined();
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((text) => !/Content Security Policy|CSP violation/.test(text)));
}
