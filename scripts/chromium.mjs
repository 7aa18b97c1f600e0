// Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's package, else Playwright's own download.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** @returns {string | undefined} a Chromium executable, or undefined to let Playwright use its own browser */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export const NO_CHROMIUM_HELP = `No Chromium found for the browser tests.
Install one of:
  - Debian/Ubuntu: sudo apt-get install -y chromium        (found at /usr/bin/chromium)
  - Playwright's own browser: npx playwright install chromium
Or point CHROMIUM_PATH at a Chromium or Chrome executable, e.g. CHROMIUM_PATH=/path/to/chrome npm test`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
