// Property, in each engine: for a generated corpus of strings s that the browser parses as an
// http(s) URL, the proof's `htu` for new URL(s).href is exactly the browser's own
// origin + pathname of that URL (RFC 9449 §4.2: no query, no fragment; the WHATWG parser's
// normalisation of case, default ports, dot segments and percent-encoding).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage } from './browser.js';
import { startServer } from './server.js';

let browser, srv;
before(async () => { [browser, srv] = await Promise.all([launch(), startServer()]); });
after(async () => { await browser?.close(); await srv?.close(); });

// A deterministic corpus (xorshift32): URL-ish strings built from the parts that the parser
// normalises, plus raw mutations of them.
function corpus(n, seed = 0x9e3779b9) {
  let x = seed >>> 0;
  const rnd = (k) => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x % k; };
  const pick = (a) => a[rnd(a.length)];
  const schemes = ['http', 'https', 'HTTP', 'HtTpS', 'https'];
  const userinfo = ['', '', 'user@', 'u:p@', 'a%40b:c@', ':@'];
  const hosts = ['example.com', 'API.Example.COM', '127.0.0.1', '[::1]', '[2001:DB8::1]', 'xn--bcher-kva.example', 'bücher.example', 'EXAMPLE.com.', 'a-b.c', '0x7f.1', '10.0.0.1', 'localhost', 'sub.domain.example'];
  const ports = ['', '', ':80', ':443', ':8080', ':0', ':65535', ':'];
  const segs = ['', 'a', 'A', '..', '.', '%2e', '%2E%2E', 'é', '%C3%A9', 'a b', 'x%20y', '~', '!$&\'()*+,;=', '@', ':', '%zz', '😀', 'a\\b', '%00', '[]', '|', '^', '`', '{}'];
  const tails = ['', '', '?q=1', '?', '#f', '?a=b#c', '#', '?x=%20'];
  const out = [];
  for (let i = 0; i < n; i++) {
    let path = '';
    for (let j = rnd(5); j > 0; j--) path += `/${pick(segs)}`;
    let s = `${pick(schemes)}://${pick(userinfo)}${pick(hosts)}${pick(ports)}${path}${pick(tails)}`;
    if (rnd(4) === 0) { // a raw mutation: insert, delete or replace one character
      const at = rnd(s.length + 1);
      const ch = pick(['/', '\\', '%', '\t', '\n', ' ', '#', '?', '.', ':', '@', 'A', 'é', '\u0000']);
      s = [s.slice(0, at) + ch + s.slice(at), s.slice(0, at) + s.slice(at + 1), s.slice(0, at) + ch + s.slice(at + 1)][rnd(3)];
    }
    out.push(s);
  }
  return out;
}

test('htu(new URL(s).href) equals the browser\'s origin + pathname for a generated corpus', async () => {
  const strings = corpus(1500);
  const context = await browser.newContext();
  const page = await openPage(context, srv.origin);
  const r = await page.evaluate(async (strings) => {
    const c = await sdk.createAuth0Client({ domain: location.origin, clientId: 'htu-property', useDpop: true });
    const mismatches = [];
    let checked = 0;
    for (const s of strings) {
      let u;
      try { u = new URL(s); } catch { continue; }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      checked++;
      const expected = u.origin + u.pathname;
      try {
        const jwt = await c.generateDpopProof({ url: u.href, method: 'GET' });
        const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0))));
        if (claims.htu !== expected) mismatches.push({ s, href: u.href, expected, htu: claims.htu });
      } catch (e) {
        mismatches.push({ s, href: u.href, expected, error: e.code ?? String(e) });
      }
    }
    return { checked, mismatches: mismatches.slice(0, 10), count: mismatches.length };
  }, strings);
  await context.close();
  assert.ok(r.checked > 1000, `enough URLs parsed (${r.checked})`);
  assert.equal(r.count, 0, JSON.stringify(r.mismatches, null, 1));
});
