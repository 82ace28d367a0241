// One browser adapter over three drivers, picked by DPOP_SPA_BROWSER (default chromium):
//   chromium  Debian's Chromium through playwright-core (CDP)
//   firefox   Debian's Firefox ESR through puppeteer-core (WebDriver BiDi)
//   webkit    WebKitGTK's MiniBrowser through selenium-webdriver (classic WebDriver, one
//             WebKitWebDriver + MiniBrowser per context, on a private Xvfb display)
// Every engine implements the same small Playwright-like API with the same semantics, so tests
// need no engine branches; `browser.can` names what only some engines have (for named skips).
//
// Semantics every engine shares (the test writer's contract):
// - page.evaluate(fn, arg) is NOT a user gesture (Playwright's and Puppeteer's own evaluate are;
//   this adapter goes round them: CDP Runtime.evaluate without userGesture, BiDi script.evaluate
//   with userActivation false). page.click(selector) is a real driver click, a user gesture; as
//   in any browser its transient activation outlives the handler for a few seconds.
// - evaluate's result goes through JSON (undefined stays undefined); a throw in the page rejects
//   with an Error whose message is "Name: message" from the page. If the page's document is
//   replaced (navigation, reload) before fn settles, evaluate resolves undefined. A long fn does
//   not block the driver: it is started, then polled with bounded waits.
// - page.url() and context.pages() return promises (classic WebDriver must ask the browser).
// - addInitScript(fn, arg) runs before the page's own scripts in Chromium and Firefox. WebKit
//   (classic WebDriver has no preload scripts) runs it right after every goto/reload/waitForURL
//   completes, i.e. after the page's own scripts but before the test's next evaluate.
// - consoleMessages(): texts of console.warn/console.error (arguments joined by spaces; pass
//   strings, objects format differently per driver) and uncaught errors/unhandled rejections as
//   "Name: message", since the page opened. WebKit records them in the page (window.__dpopConsole,
//   installed like an init script) and collects them before each goto/reload and on call, so it
//   misses what a page logs before the recorder is in and in a document that navigates itself away.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';

export const ENGINE = process.env.DPOP_SPA_BROWSER || 'chromium';
// The browser's own lines about failed HTTP responses (a 401 the SDK handles, a 404 favicon):
// not the page's console, so not in consoleMessages().
const NETWORK_LOG = /^Failed to load resource|^\[?(GET|POST|OPTIONS) http/;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// Today's Chromium flags for this closed network (tests/browser/browser.js uses them as they are).
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const chromiumLaunchOptions = ({ popupBlocking = false } = {}) => ({
  executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS,
  // playwright-core starts Chromium with --disable-popup-blocking; dropping it restores blocking.
  ...(popupBlocking ? { ignoreDefaultArgs: ['--disable-popup-blocking'] } : {}),
});

// Firefox prefs for a closed network, on top of puppeteer's own profile defaults (which already
// disable Safe Browsing, Shield, search updates and the data-reporting upload).
export const firefoxPrefs = ({ popupBlocking = false } = {}) => ({
  // Popups: Firefox blocks script-opened windows outside a gesture by default (puppeteer turns that off).
  'dom.disable_open_during_load': popupBlocking,
  // Puppeteer forces cookieBehavior 0 through this feature list; restore Firefox's own default (5).
  'browser.contentblocking.features.standard': '',
  'network.cookie.cookieBehavior': 5,
  // Telemetry and pings.
  'toolkit.telemetry.enabled': false, 'toolkit.telemetry.unified': false, 'toolkit.telemetry.server': '',
  'toolkit.telemetry.archive.enabled': false, 'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.shutdownPingSender.enabled': false, 'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false, 'toolkit.telemetry.updatePing.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false, 'datareporting.healthreport.uploadEnabled': false,
  'browser.ping-centre.telemetry': false, 'app.shield.optoutstudies.enabled': false, 'app.normandy.enabled': false,
  'browser.newtabpage.activity-stream.telemetry': false, 'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false, 'browser.newtabpage.activity-stream.showSponsored': false,
  'browser.newtabpage.activity-stream.showSponsoredTopSites': false, 'browser.topsites.contile.enabled': false,
  // Updates (application, add-ons, system add-ons, GMP plugins, search, region).
  'app.update.auto': false, 'app.update.disabledForTesting': true, 'app.update.url': '', 'app.update.background.enabled': false,
  'extensions.update.enabled': false, 'extensions.systemAddon.update.enabled': false, 'extensions.systemAddon.update.url': '',
  'extensions.blocklist.enabled': false, 'extensions.getAddons.cache.enabled': false,
  'media.gmp-manager.updateEnabled': false, 'media.gmp-manager.url': '', 'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-widevinecdm.enabled': false, 'browser.search.update': false, 'browser.search.geoip.url': '',
  'browser.region.network.url': '', 'browser.region.update.enabled': false, 'geo.provider.network.url': '',
  // Remote Settings (release builds honour services.settings.server only with MOZ_REMOTE_SETTINGS_DEVTOOLS=1).
  'services.settings.server': 'http://127.0.0.1:9/v1', 'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  // Safe Browsing.
  'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false, 'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false, 'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.google.updateURL': '', 'browser.safebrowsing.provider.mozilla.updateURL': '',
  // Captive portal, connectivity checks, DNS over HTTPS, OCSP, speculative connections, proxy lookup.
  'network.captive-portal-service.enabled': false, 'captivedetect.canonicalURL': '', 'network.connectivity-service.enabled': false,
  'network.trr.mode': 5, 'network.trr.uri': '', 'doh-rollout.disable-heuristics': true, 'security.OCSP.enabled': 0,
  'network.dns.disablePrefetch': true, 'network.prefetch-next': false, 'network.predictor.enabled': false,
  'network.http.speculative-parallel-limit': 0, 'network.proxy.type': 0,
  // 127.0.0.1 over http is a secure context by default; keep it so (and never upgrade to https).
  'dom.securecontext.allowlist_onions': false, 'dom.security.https_only_mode': false,
  'dom.security.https_first': false, 'dom.security.https_first_schemeless': false,
});
export const FIREFOX_ENV = { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };

export const WEBKIT_ENV = {
  GIO_USE_PROXY_RESOLVER: 'dummy', GSETTINGS_BACKEND: 'memory', NO_AT_BRIDGE: '1',
  WEBKIT_DISABLE_COMPOSITING_MODE: '1', WEBKIT_DISABLE_DMABUF_RENDERER: '1',
};
export const webkitCapabilities = ({ popupBlocking = false } = {}) => ({
  browserName: 'MiniBrowser',
  'webkitgtk:browserOptions': {
    binary: MINIBROWSER_PATH,
    // --automation lets WebKitWebDriver drive it (and gives each session ephemeral storage);
    // the WebKitSettings switch decides whether script may open windows outside a gesture.
    args: ['--automation', `--javascript-can-open-windows-automatically=${!popupBlocking}`],
  },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const json = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));
const source = (fn) => (typeof fn === 'function' ? fn.toString() : `() => (${fn})`);
const scriptOf = (fn, arg) => (typeof fn === 'function' ? `(${fn.toString()})(${json(arg)});` : String(fn));
const EVAL_WAIT = 250; // ms a single driver call waits in the page for a pending evaluate
const DEFAULT_TIMEOUT = 30_000;

// Page side of evaluate: start fn, keep its outcome in a per-document table, answer within `cap` ms
// with {v} (value), {e} (error), {p} (still pending) or {g} (not in this document: navigated).
const startExpr = (id, fn, arg, cap) => `(() => {
  const t = globalThis.__dpopEval || Object.defineProperty(globalThis, '__dpopEval', { value: new Map(), configurable: true }).__dpopEval;
  const box = { done: null };
  box.p = (async () => (${source(fn)})(${json(arg)}))().then(
    (v) => { box.done = JSON.stringify({ v }); },
    (e) => { box.done = JSON.stringify({ e: e instanceof Error ? e.name + ': ' + e.message : String(e), s: e && e.stack ? String(e.stack) : '' }); },
  ).catch((e) => { box.done = JSON.stringify({ e: 'evaluate: result is not JSON-serialisable: ' + e }); });
  t.set(${json(id)}, box);
  return ${waitBody(id, cap)};
})()`;
const waitExpr = (id, cap) => `(() => ${waitBody(id, cap)})()`;
const waitBody = (id, cap) => `(async () => {
  const t = globalThis.__dpopEval, box = t && t.get(${json(id)});
  if (!box) return '{"g":1}';
  if (box.done === null) await Promise.race([box.p, new Promise((r) => setTimeout(r, ${cap}))]);
  if (box.done === null) return '{"p":1}';
  t.delete(${json(id)});
  return box.done;
})()`;

// Installed in every WebKit document (see consoleMessages above).
function consoleRecorder() {
  if (window.__dpopConsole) return;
  const out = [];
  Object.defineProperty(window, '__dpopConsole', { value: out, configurable: true });
  const text = (a) => { if (typeof a === 'string') return a; try { return JSON.stringify(a) ?? String(a); } catch { return String(a); } };
  const err = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  for (const level of ['warn', 'error']) {
    const orig = console[level];
    console[level] = function (...args) { out.push(args.map(text).join(' ')); return orig.apply(this, args); };
  }
  addEventListener('error', (e) => { if (e.error !== undefined || e.message) out.push(e.error !== undefined ? err(e.error) : String(e.message)); });
  addEventListener('unhandledrejection', (e) => out.push(err(e.reason)));
}

const EVAL_TIMEOUT = 120000; // no page function of ours runs longer; a stuck one fails the test
const NAVIGATED = /Cannot find default execution context|Execution context was destroyed|Cannot find context|Inspected target navigated|Promise was collected|no such frame|DiscardedBrowsingContext|Actor '.*' destroyed|context was discarded|navigat|unload|JavaScript execution context/i;
const CLOSED = /Target (page, context or browser )?(has been )?closed|Session closed|no such window|Browsing context .* not found|NoSuchWindow|window was already closed/i;

const toMatcher = (p) => (typeof p === 'function' ? p : p instanceof RegExp ? (u) => p.test(u.href) : (u) => u.href === String(p));

// The engine-independent part of a page: evaluate over a raw one-shot evaluator, polling waits.
class BasePage {
  #seq = 0;
  constructor() { this.id = Math.random().toString(36).slice(2); }
  async evaluate(fn, arg) {
    const id = `${this.id}.${++this.#seq}`;
    let r = await this._raw(startExpr(id, fn, arg, EVAL_WAIT));
    const deadline = Date.now() + EVAL_TIMEOUT;
    while (r && r.p) {
      if (Date.now() > deadline) throw new Error(`evaluate: the page function did not settle within ${EVAL_TIMEOUT} ms`);
      r = await this._raw(waitExpr(id, EVAL_WAIT));
    }
    if (!r || r.g) return undefined; // the document went away before fn settled
    if ('e' in r) { const e = new Error(r.e); e.pageStack = r.s; throw e; }
    return r.v;
  }
  // _raw(expression) → the parsed page answer, or undefined if the document went away.
  async _rawGuard(call) {
    try {
      const s = await call();
      return typeof s === 'string' ? JSON.parse(s) : undefined;
    } catch (e) {
      if (await this.isClosed()) throw new Error(`page closed during evaluate: ${e.message}`);
      if (NAVIGATED.test(e.message)) return undefined;
      throw e;
    }
  }
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT, polling = 25 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const left = deadline - Date.now();
      let timer;
      const v = await Promise.race([this.evaluate(fn, arg),
        new Promise((_, no) => { timer = setTimeout(() => no(new Error(`waitForFunction: timeout ${timeout} ms exceeded`)), Math.max(left, 0)); })])
        .finally(() => clearTimeout(timer));
      if (v) return v;
      if (Date.now() + polling > deadline) throw new Error(`waitForFunction: timeout ${timeout} ms exceeded`);
      await sleep(polling);
    }
  }
  async _pollURL(predicate, timeout) {
    const match = toMatcher(predicate);
    const deadline = Date.now() + timeout;
    for (;;) {
      const u = await this.url().catch(() => null);
      if (u && match(new URL(u))) return;
      if (Date.now() > deadline) throw new Error(`waitForURL: timeout ${timeout} ms exceeded (at ${u})`);
      await sleep(25);
    }
  }
  async _waitLoaded(deadline) {
    while (Date.now() < deadline) {
      if (await this.evaluate(() => document.readyState === 'complete').catch(() => false)) return;
      await sleep(25);
    }
  }
  waitForTimeout(ms) { return sleep(ms); }
}

// ---------------------------------------------------------------- chromium (playwright-core)
class ChromiumPage extends BasePage {
  #cdp; #console = [];
  constructor(context, page) {
    super();
    this.context = context; this.p = page;
    page.on('console', (m) => { if ((m.type() === 'warning' || m.type() === 'error') && !NETWORK_LOG.test(m.text())) this.#console.push(m.text()); });
    page.on('pageerror', (e) => this.#console.push(`${e.name}: ${e.message}`));
  }
  async _raw(expression) {
    return this._rawGuard(async () => {
      this.#cdp ??= this.context.c.newCDPSession(this.p);
      const { result, exceptionDetails } = await (await this.#cdp).send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    });
  }
  async goto(url) { await this.p.goto(url); }
  async reload() { await this.p.reload(); }
  async url() { return this.p.url(); }
  async waitForURL(predicate, { timeout = DEFAULT_TIMEOUT } = {}) { await this.p.waitForURL(toMatcher(predicate), { timeout }); }
  async addInitScript(fn, arg) { await this.p.addInitScript({ content: scriptOf(fn, arg) }); }
  async click(selector) { await this.p.click(selector); }
  async screenshot({ path } = {}) { return this.p.screenshot({ path }); }
  async close() { await this.p.close(); }
  async isClosed() { return this.p.isClosed(); }
  consoleMessages() { return Promise.resolve([...this.#console]); }
  cdp() { return this.context.c.newCDPSession(this.p); }
}

class ChromiumContext {
  #wrap = new WeakMap();
  constructor(c) { this.c = c; c.on('page', (p) => this._wrap(p)); }
  _wrap(p) { let w = this.#wrap.get(p); if (!w) this.#wrap.set(p, w = new ChromiumPage(this, p)); return w; }
  async newPage() { return this._wrap(await this.c.newPage()); }
  async pages() { return this.c.pages().map((p) => this._wrap(p)); }
  async close() { await this.c.close(); }
}

async function launchChromium({ popupBlocking }) {
  const { chromium } = await import('playwright-core');
  const b = await chromium.launch(chromiumLaunchOptions({ popupBlocking }));
  return {
    name: 'chromium', can: { heapSnapshot: true, cdp: true, screenshot: true },
    version: () => b.version(),
    newContext: async () => new ChromiumContext(await b.newContext()),
    close: () => b.close(),
  };
}

// ---------------------------------------------------------------- firefox (puppeteer-core, BiDi)
class FirefoxPage extends BasePage {
  #console = [];
  constructor(context, page) {
    super();
    this.context = context; this.p = page;
    page.on('console', (m) => { if ((m.type() === 'warn' || m.type() === 'warning' || m.type() === 'error') && !NETWORK_LOG.test(m.text())) this.#console.push(m.text()); });
    page.on('pageerror', (e) => this.#console.push(e.message)); // already "Name: message"
  }
  async _raw(expression) {
    // The BiDi realm of the page's current document, without puppeteer's userActivation: true.
    // A BiDi evaluate whose document is replaced can hang ~55 s: once a new document of this
    // page has loaded its DOM, give the call a moment and then count it as navigated away.
    return this._rawGuard(async () => {
      const bc = this.p.mainFrame().browsingContext;
      let timer, onDom;
      const navigated = new Promise((_, no) => {
        onDom = () => { clearTimeout(timer); timer = setTimeout(() => no(new Error('evaluate: navigated away')), 300); };
        bc.on('DOMContentLoaded', onDom);
      });
      try {
        const r = await Promise.race([bc.defaultRealm.evaluate(expression, true, { userActivation: false, resultOwnership: 'none' }), navigated]);
        if (r.type === 'exception') throw new Error(r.exceptionDetails.text);
        return r.result.value;
      } finally { bc.off('DOMContentLoaded', onDom); clearTimeout(timer); }
    });
  }
  async goto(url) { await this.p.goto(url, { waitUntil: 'load' }); }
  async reload() { await this.p.reload({ waitUntil: 'load' }); }
  async url() { return this.p.url(); }
  async waitForURL(predicate, { timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    await this._pollURL(predicate, timeout);
    await this._waitLoaded(deadline);
  }
  async addInitScript(fn, arg) { await this.p.evaluateOnNewDocument(scriptOf(fn, arg)); }
  // A real pointer click at the element's centre. (puppeteer's own click evaluates in a realm
  // that goes stale after a cross-origin navigation: "Not allowed to define cross-origin object".)
  async click(selector) {
    const at = await this.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return null;
      el.scrollIntoView({ block: 'center', inline: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }, selector);
    if (!at) throw new Error(`click: no element matches ${selector}`);
    await this.p.mouse.click(at.x, at.y);
  }
  async screenshot({ path } = {}) { return this.p.screenshot({ path }); }
  async close() { if (this.closed) return; this.closed = true; if (!this.p.isClosed()) await this.p.close(); }
  async isClosed() { return !!this.closed || this.p.isClosed(); }
  consoleMessages() { return Promise.resolve([...this.#console]); }
}

class FirefoxContext {
  #wrap = new WeakMap();
  constructor(c) {
    this.c = c;
    // Wrap popups as soon as they exist, so their console is recorded from the start.
    c.on('targetcreated', (t) => { t.page().then((p) => p && this._wrap(p), () => {}); });
  }
  _wrap(p) { let w = this.#wrap.get(p); if (!w) this.#wrap.set(p, w = new FirefoxPage(this, p)); return w; }
  async newPage() { return this._wrap(await this.c.newPage()); }
  async pages() { return (await this.c.pages()).filter((p) => !p.isClosed() && !this.#wrap.get(p)?.closed).map((p) => this._wrap(p)); }
  async close() { await this.c.close(); }
}

async function launchFirefox({ popupBlocking }) {
  const { default: puppeteer } = await import('puppeteer-core');
  const b = await puppeteer.launch({
    browser: 'firefox', protocol: 'webDriverBiDi', executablePath: FIREFOX_PATH, headless: true,
    extraPrefsFirefox: firefoxPrefs({ popupBlocking }), env: { ...process.env, ...FIREFOX_ENV },
  });
  const version = await b.version();
  return {
    name: 'firefox', can: { heapSnapshot: false, cdp: false, screenshot: true },
    version: () => version,
    newContext: async () => new FirefoxContext(await b.createBrowserContext()),
    close: () => b.close(),
  };
}

// ---------------------------------------------------------------- webkit (selenium-webdriver, classic)
const freePort = () => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

// Every helper process this adapter starts (Xvfb, WebKitWebDriver and its MiniBrowser) is
// killed with this test process, however it ends.
const children = new Set();
const track = (proc) => { children.add(proc); proc.once('exit', () => children.delete(proc)); return proc; };
process.once('exit', () => { for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { try { c.kill('SIGKILL'); } catch { /* gone */ } } } });

function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display number itself and writes it to fd 3.
    const x = track(spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true }));
    let out = '', err = '';
    x.stderr.on('data', (d) => { err += d; });
    x.stdio[3].on('data', (d) => { out += d; if (out.includes('\n')) resolve({ proc: x, display: `:${out.trim()}` }); });
    x.once('error', reject);
    x.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${err}`)));
  });
}

function kill(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  const group = (sig) => { try { process.kill(-proc.pid, sig); } catch { proc.kill(sig); } }; // its children too (MiniBrowser)
  return new Promise((r) => { proc.once('exit', r); group('SIGTERM'); setTimeout(() => group('SIGKILL'), 2000).unref(); });
}

// One WebKitWebDriver (it allows one session) and MiniBrowser per context; all its commands go
// through one queue because classic WebDriver has one current window per session.
class WebKitContext {
  #queue = Promise.resolve(); #pages = new Map(); #spare = null; #current = null;
  constructor(browser, proc, driver) { this.browser = browser; this.proc = proc; this.driver = driver; }
  static async start(browser) {
    const { Builder } = await import('selenium-webdriver');
    const port = await freePort();
    const proc = track(spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`], { env: { ...process.env, ...WEBKIT_ENV, DISPLAY: browser.display }, stdio: ['ignore', 'ignore', 'pipe'], detached: true }));
    let err = '';
    proc.stderr.on('data', (d) => { err += d; });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try { await fetch(`${url}/status`); break; } catch (e) {
        if (proc.exitCode !== null || i > 500) throw new Error(`WebKitWebDriver did not start: ${err || e.message}`);
        await sleep(10);
      }
    }
    let driver;
    try {
      driver = await new Builder().usingServer(url).withCapabilities(webkitCapabilities(browser.options)).build();
      await driver.manage().setTimeouts({ script: 60_000, pageLoad: DEFAULT_TIMEOUT });
    } catch (e) { await kill(proc); throw e; }
    const ctx = new WebKitContext(browser, proc, driver);
    ctx.#spare = await driver.getWindowHandle(); // the session's first window serves the first newPage()
    ctx.#current = ctx.#spare;
    browser.version ??= (await driver.getCapabilities()).get('browserVersion');
    return ctx;
  }
  // Run fn(driver) with `handle` as the current window, after every earlier command.
  run(handle, fn) {
    const next = this.#queue.then(async () => {
      if (handle && this.#current !== handle) { await this.driver.switchTo().window(handle); this.#current = handle; }
      return fn(this.driver);
    });
    this.#queue = next.catch(() => {});
    return next;
  }
  _wrap(handle) { let p = this.#pages.get(handle); if (!p) this.#pages.set(handle, p = new WebKitPage(this, handle)); return p; }
  async newPage() {
    const handle = await this.run(null, async (d) => {
      if (this.#spare) { const h = this.#spare; this.#spare = null; return h; }
      await d.switchTo().newWindow('window');
      return (this.#current = await d.getWindowHandle());
    });
    const p = new WebKitPage(this, handle);
    this.#pages.set(handle, p);
    await p._setup();
    return p;
  }
  async handles() { return this.run(null, (d) => d.getAllWindowHandles()); }
  async pages() {
    const open = await this.handles();
    const found = open.filter((h) => h !== this.#spare && !this.#pages.get(h)?.closed);
    // A window first seen here was opened by page script: give it the console recorder.
    const popups = found.filter((h) => !this.#pages.has(h));
    const pages = found.map((h) => this._wrap(h));
    await Promise.all(popups.map((h) => this.#pages.get(h)._setup().catch(() => {})));
    return pages;
  }
  // Closing a session's last window would end the session: keep it, blank, as the spare.
  async _closeWindow(handle) {
    await this.run(handle, async (d) => {
      const open = await d.getAllWindowHandles();
      if (open.length > 1 || open[0] !== handle) { await d.close(); this.#current = null; } else {
        await d.get('about:blank');
        this.#spare = handle;
        this.#pages.delete(handle);
      }
    });
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.driver.quit().catch(() => {});
    await kill(this.proc);
    this.browser.contexts.delete(this);
  }
}

class WebKitPage extends BasePage {
  #init = []; #console = [];
  constructor(context, handle) { super(); this.context = context; this.handle = handle; this.closed = false; }
  run(fn) {
    if (this.closed) return Promise.reject(new Error('Target page closed'));
    return this.context.run(this.handle, fn).catch((e) => {
      if (CLOSED.test(e.message) || e.name === 'NoSuchWindowError') { this.closed = true; throw new Error(`Target page closed: ${e.message}`); }
      throw e;
    });
  }
  async _raw(expression) {
    return this._rawGuard(() => this.run((d) => d.executeAsyncScript(
      `const done = arguments[arguments.length - 1]; (${expression}).then(done, (e) => done(JSON.stringify({ e: String(e) })));`)));
  }
  // The emulated init scripts: the console recorder, then the test's own, in order.
  async _setup() {
    const scripts = [scriptOf(consoleRecorder), ...this.#init];
    await this.run((d) => d.executeScript(scripts.map((s) => `try { ${s} } catch (e) { console.error(String(e)); }`).join('\n'))).catch((e) => {
      if (!NAVIGATED.test(e.message)) throw e;
    });
  }
  async _harvest() {
    const got = await this.run((d) => d.executeScript('return window.__dpopConsole ? window.__dpopConsole.splice(0) : [];')).catch(() => []);
    if (Array.isArray(got)) this.#console.push(...got);
  }
  async goto(url) { await this._harvest(); await this.run((d) => d.get(url)); await this._setup(); }
  async reload() { await this._harvest(); await this.run((d) => d.navigate().refresh()); await this._setup(); }
  async url() { return this.run((d) => d.getCurrentUrl()); }
  async waitForURL(predicate, { timeout = DEFAULT_TIMEOUT } = {}) {
    const deadline = Date.now() + timeout;
    await this._pollURL(predicate, timeout);
    await this._waitLoaded(deadline);
    await this._setup();
  }
  async addInitScript(fn, arg) { this.#init.push(scriptOf(fn, arg)); }
  async click(selector) {
    const { By } = await import('selenium-webdriver');
    await this.run(async (d) => (await d.findElement(By.css(selector))).click());
  }
  // WebKitWebDriver's Take Screenshot never answers for MiniBrowser on Xvfb (2.50.6, with or
  // without compositing / CPU rendering), and a pending command blocks the session: refuse it.
  async screenshot() { throw new Error('screenshot: not available in WebKitGTK here (browser.can.screenshot is false)'); }
  async close() {
    if (this.closed) return;
    this.closed = true;
    await this.context._closeWindow(this.handle).catch((e) => { if (!CLOSED.test(e.message)) throw e; });
  }
  async isClosed() {
    if (this.closed || this.context.closed) return true;
    const open = await this.context.handles().catch(() => []);
    if (!open.includes(this.handle)) this.closed = true;
    return this.closed;
  }
  async consoleMessages() {
    if (!this.closed) await this._harvest();
    return [...this.#console];
  }
}

async function launchWebKit({ popupBlocking }) {
  const x = await startXvfb();
  let version = null;
  try { version = execFileSync('dpkg-query', ['-W', '-f=${Version}', 'webkit2gtk-driver'], { encoding: 'utf8' }).replace(/-.*/, ''); } catch { /* set by the first session */ }
  const state = { display: x.display, options: { popupBlocking }, contexts: new Set(), version };
  return {
    name: 'webkit', can: { heapSnapshot: false, cdp: false, screenshot: false },
    version: () => state.version,
    display: x.display,
    newContext: async () => { const c = await WebKitContext.start(state); state.contexts.add(c); return c; },
    close: async () => { await Promise.all([...state.contexts].map((c) => c.close())); await kill(x.proc); },
  };
}

// ---------------------------------------------------------------- entry point
const launchers = { chromium: launchChromium, firefox: launchFirefox, webkit: launchWebKit };
export async function launch({ popupBlocking = false, engine = ENGINE } = {}) {
  const l = launchers[engine];
  if (!l) throw new Error(`DPOP_SPA_BROWSER=${engine}: expected one of ${Object.keys(launchers).join(', ')}`);
  return l({ popupBlocking });
}
