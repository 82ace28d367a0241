// Engine-neutral helpers for the browser tests: they use only the adapter's page API
// (tests/engines.js), never a driver's own events or request interception.

// What an engine cannot do: the only skips allowed, each with its reason. CI counts the skips
// per engine and fails on any other (scripts/test.sh).
export const KNOWN_SKIPS = {
  'heap-snapshot': { engines: ['firefox', 'webkit'], reason: 'a heap snapshot of the page needs the Chrome DevTools Protocol' },
  screenshot: { engines: ['webkit'], reason: "WebKitWebDriver's Take Screenshot never answers for MiniBrowser under Xvfb" },
  'forced-gc': { engines: ['firefox', 'webkit'], reason: 'forcing a garbage collection from the test needs the Chrome DevTools Protocol' },
};
export const ENGINE = process.env.DPOP_SPA_BROWSER || 'chromium';

// Skips test `t` when `able` is false and the engine is on the list for `key`; returns true
// when skipped. A skip that is not on the list is a failure.
export function skipUnless(t, able, key) {
  if (able) return false;
  const known = KNOWN_SKIPS[key];
  if (!known?.engines.includes(ENGINE)) throw new Error(`${ENGINE} cannot run '${key}', and that skip is not on the list in tests/support.js`);
  t.skip(`[known-skip ${key}] ${known.reason}`);
  return true;
}

// Polls `fn(arg)` in the page until it returns something truthy.
export async function poll(page, fn, arg, timeout = 30000) {
  const until = Date.now() + timeout;
  for (;;) {
    const v = await page.evaluate(fn, arg);
    if (v) return v;
    if (Date.now() > until) throw new Error(`poll: timed out after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Makes a client (createAuth0Client with `opts`) and a button whose click runs
// `body(client, sdk, arg)`, clicks it for real (a user gesture, in every engine), and returns
// what `body` resolved with (or throws what it rejected with).
export async function onClick(page, opts, body, arg) {
  await page.evaluate(async ([opts, src, arg]) => {
    const sdk = await import('/pkg/index.js');
    const client = window.client = await sdk.createAuth0Client(opts);
    const run = new Function('client', 'sdk', 'arg', `return (${src})(client, sdk, arg);`);
    let b = document.getElementById('go');
    if (!b) {
      b = Object.assign(document.createElement('button'), { id: 'go', textContent: 'go' });
      b.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:60px';
      document.body.append(b);
    }
    window.clicked = undefined;
    b.onclick = () => {
      let out;
      try { out = Promise.resolve(run(client, sdk, arg)); } catch (e) { out = Promise.reject(e); } // synchronously, inside the click
      out.then((value) => { window.clicked = { value }; }, (e) => { window.clicked = { error: String(e?.message ?? e) }; });
    };
  }, [opts, body.toString(), arg]);
  await page.click('#go');
  const r = await poll(page, () => window.clicked);
  if ('error' in r) throw new Error(r.error);
  return r.value;
}

// A page of `context` at `origin`/blank.html, with `initScript` run in every document.
export async function blankPage(context, origin, initScript) {
  const p = await context.newPage();
  if (initScript) await p.addInitScript(initScript);
  await p.goto(`${origin}/blank.html`);
  return p;
}

// In the page: import the package, make a client (createAuth0Client, so checkSession runs; it
// is also `window.client`), run `body(client, sdk, arg)`. `window.callApi(client, sdk, url)`
// calls an API through the fetcher and gives its status.
export const inPage = (p, opts, body, arg) => p.evaluate(async ([opts, src, arg]) => {
  const sdk = await import('/pkg/index.js');
  const client = window.client = await sdk.createAuth0Client(opts);
  window.callApi = (client, sdk, api) => client.createFetcher({ dpopNonceId: 'api' }).fetchWithAuth(api).then((r) => r.status);
  return new Function('client', 'sdk', 'arg', `return (${src})(client, sdk, arg);`)(client, sdk, arg);
}, [opts, body.toString(), arg]);
