// The browser for the tests: the engine DPOP_SPA_BROWSER names (chromium, the default;
// firefox; webkit), through the one adapter in tests/engines.js. The tests speak only to it.
import { launch } from '../engines.js';

export { launch };

// A page on the test server with the package and the verifier loaded as globals.
export async function openPage(context, origin, { initScript } = {}) {
  const page = await context.newPage();
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${origin}/blank.html`);
  await page.evaluate(async () => {
    window.sdk = await import('/pkg/index.js');
    window.v = await import('/tests/browser/verify.js');
  });
  return page;
}
