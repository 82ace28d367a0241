// Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags
// this closed network needs.
import { chromium } from 'playwright-core';

export const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

// A page on the test server with the package and the verifier loaded as globals.
export async function openPage(context, origin, { initScript } = {}) {
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') errors.push(m.text()); });
  page.consoleMessages = errors;
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(async () => {
    window.sdk = await import('/pkg/index.js');
    window.v = await import('/tests/browser/verify.js');
  });
  return page;
}
