import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';

const NEXT_PORT = 3100;
const STATIC_PORT = 3200;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: [
    { name: 'next', use: { baseURL: `http://127.0.0.1:${NEXT_PORT}` }, testIgnore: /static-export/ },
    { name: 'static-export', use: { baseURL: `http://127.0.0.1:${STATIC_PORT}` }, testMatch: /static-export/ },
  ],
  webServer: [
    { command: `node scripts/serve.mjs -p ${NEXT_PORT} -H 127.0.0.1`, url: `http://127.0.0.1:${NEXT_PORT}/`, reuseExistingServer: !process.env.CI, timeout: 60_000 },
    { command: `node --import tsx scripts/serve-static.ts out ${STATIC_PORT}`, url: `http://127.0.0.1:${STATIC_PORT}/`, reuseExistingServer: !process.env.CI, timeout: 30_000 },
  ],
});
