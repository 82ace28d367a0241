// A local test server on 127.0.0.1 (random port): serves the release package from pkg/, the
// test pages and an independent proof verifier, and a small DPoP resource server whose
// behaviour each test picks per path. It records what it received for the tests to check.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };

export async function startServer() {
  const log = [];          // every API request: { path, method, authorization, dpop, bodySha256, bodyLength, referer }
  const requests = [];     // every request of any path: { path, search, method, referer }
  let nonceSeq = 0;
  const current = new Map(); // path -> the nonce it demands next (each path rotates its own)
  const delays = new Map(); // path -> ms to wait before answering (engine-neutral request hooks)
  const served = {}; // path -> when it was last answered (Date.now())
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    requests.push({ path: url.pathname, search: url.search, method: req.method, referer: req.headers.referer ?? null });
    try {
      if (delays.has(url.pathname)) await new Promise((r) => setTimeout(r, delays.get(url.pathname)));
      res.on('finish', () => { served[url.pathname] = Date.now(); });
      // A page that runs `?run=` (a module under /tests/) on load, with no user gesture.
      if (url.pathname === '/run.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>run</title><script type="module" src="${encodeURI(url.searchParams.get('run') || '')}"></script>`);
        return;
      }
      if (url.pathname === '/' || url.pathname === '/blank.html') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>t</title>');
        return;
      }
      // A page that is cross-origin isolated (window.crossOriginIsolated); its subresources
      // are same-origin, which require-corp allows without CORP headers.
      if (url.pathname === '/coi.html') {
        res.writeHead(200, {
          'content-type': 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp',
        }).end('<!doctype html><title>coi</title>');
        return;
      }
      // WebFinger as an Auth0 tenant answers isFederatedDomain: 200 for one federated email
      // domain, 404 for any other.
      if (url.pathname === '/.well-known/webfinger') {
        const resource = url.searchParams.get('resource');
        if (resource === 'urn:auth0:discovery:domain:fed.example') {
          res.writeHead(200, { 'content-type': 'application/jrd+json' })
            .end(JSON.stringify({ subject: resource, links: [{ rel: 'http://openid.net/specs/connect/1.0/issuer', href: 'https://fed.example/' }] }));
        } else {
          res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        }
        return;
      }
      // auth0-spa-js's own files (the reference for the export surface), nothing else of node_modules.
      if (url.pathname.startsWith('/node_modules/@auth0/auth0-spa-js/')) {
        const base = join(root, 'node_modules/@auth0/auth0-spa-js/');
        const file = normalize(join(root, url.pathname));
        if (!file.startsWith(base)) throw new Error('path');
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(data);
        return;
      }
      if (url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/tests/browser/') || url.pathname.startsWith('/tests/e2e/pages/')) {
        const file = normalize(join(root, url.pathname));
        if (!file.startsWith(root)) throw new Error('path');
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' }).end(data);
        return;
      }
      if (url.pathname.startsWith('/api/')) {
        const chunks = [];
        for await (const c of req) chunks.push(c);
        const body = Buffer.concat(chunks);
        const entry = {
          path: url.pathname, method: req.method, authorization: req.headers.authorization ?? null,
          dpop: req.headers.dpop ?? null, contentType: req.headers['content-type'] ?? null,
          bodySha256: createHash('sha256').update(body).digest('base64url'), bodyLength: body.length,
          referer: req.headers.referer ?? null,
        };
        log.push(entry);
        const claims = entry.dpop ? JSON.parse(Buffer.from(entry.dpop.split('.')[1], 'base64url')) : {};
        const headers = { 'content-type': 'application/json' };
        const mode = url.pathname.split('/')[2];
        const issue = () => { headers['dpop-nonce'] = `n-${++nonceSeq}`; current.set(url.pathname, headers['dpop-nonce']); };
        // nonce: demands the nonce it issued last; always: refuses every proof; nononce: asks
        // for a nonce without sending one; bearer: a Bearer challenge; token: token-endpoint style;
        // malformed: as nonce, with a malformed Bearer challenge before the DPoP one;
        // malformeddpop: as nonce, but its DPoP challenge is the malformed one.
        let status = 200;
        const asNonce = mode === 'nonce' || mode === 'malformed' || mode === 'malformeddpop';
        if (asNonce && (!claims.nonce || claims.nonce !== current.get(url.pathname))) status = 401;
        if (mode === 'always' || mode === 'nononce' || mode === 'bearer') status = 401;
        if (mode === 'token' && (!claims.nonce || claims.nonce !== current.get(url.pathname))) status = 400;
        if (status === 401 && mode !== 'nononce') issue();
        if (status === 400) issue();
        if (status === 200 && asNonce) issue(); // servers may rotate on success too
        if (status === 401 && mode === 'malformed') {
          headers['www-authenticate'] = 'Bearer realm=example.com/api, DPoP error="use_dpop_nonce"'; // `/` is no tchar
        } else if (status === 401 && mode === 'malformeddpop') {
          headers['www-authenticate'] = 'Bearer realm="api", DPoP error="use_dpop_nonce" junk'; // no `,` before junk
        } else if (status === 401) {
          headers['www-authenticate'] = mode === 'bearer'
            ? 'Bearer error="use_dpop_nonce", DPoP algs="ES256"'
            : 'Bearer realm="api", DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"';
        }
        const out = status === 400 ? { error: 'use_dpop_nonce', error_description: 'Authorization server requires nonce in DPoP proof' } : { ok: status === 200, received: entry.bodyLength };
        res.writeHead(status, headers).end(JSON.stringify(out));
        return;
      }
      res.writeHead(404).end();
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, log, requests, served, delay: (path, ms) => (ms ? delays.set(path, ms) : delays.delete(path)), close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}
