// The token worker's code (self-contained: it runs as `(${tokenWorker})()` in a blob worker, or
// from pkg/token-worker.js with the `workerUrl` option). It holds the refresh tokens so the
// page never has them: it adds the refresh token to refresh and revocation requests, strips it
// from every answer, and talks only to the configured domain's token and revocation
// endpoints (set once, by the first `init`). The page signs the DPoP proof and passes it as a
// header; the answer's headers (DPoP-Nonce) go back to the page, which decides the nonce retry.
export function tokenWorker() {
  let allowed;
  let epoch = 0; // bumped by `clear`: a request in flight then stores nothing
  const tokens = new Map(); // `${audience}|${scope}` -> refresh token
  self.onmessage = async ({ data: m, ports: [port] }) => {
    if (m.type === 'init') {
      allowed ??= ['/oauth/token', '/oauth/revoke'].map((p) => new URL(m.base + p).href);
      return;
    }
    if (m.type === 'clear') {
      tokens.clear();
      epoch++;
      return port?.postMessage({});
    }
    try {
      if (!allowed?.includes(new URL(m.url).href)) return port.postMessage({ error: 'invalid_url' });
      const revoke = m.type === 'revoke';
      // A revocation takes one token of the audience at a time (each request has its own
      // proof); the page asks again until none is left.
      const key = revoke ? [...tokens.keys()].find((k) => k.startsWith(`${m.audience}|`)) : `${m.audience}|${m.scope}`;
      const body = new URLSearchParams(m.body);
      const spent = tokens.get(key);
      if (revoke || body.get('grant_type') === 'refresh_token') {
        if (!spent) return port.postMessage({ error: 'missing_refresh_token' });
        body.set(revoke ? 'token' : 'refresh_token', spent);
      }
      const started = epoch;
      const res = await fetch(m.url, { method: 'POST', headers: m.headers, body, signal: AbortSignal.timeout(m.timeout) });
      let text = await res.text();
      let json;
      try { json = JSON.parse(text); } catch { /* not JSON: passed on as it is */ }
      if (json && typeof json === 'object' && 'refresh_token' in json) {
        const fresh = json.refresh_token;
        if (typeof fresh === 'string' && fresh && started === epoch) {
          // A rotated token replaces the spent one wherever it was kept; the page keeps the
          // answer under `saveAs` too (the scope it asked for).
          for (const [k, v] of tokens) if (spent && v === spent) tokens.set(k, fresh);
          tokens.set(key, fresh);
          if (m.saveAs) tokens.set(`${m.audience}|${m.saveAs}`, fresh);
        }
        delete json.refresh_token;
        text = JSON.stringify(json);
      }
      if (revoke && res.ok) for (const [k, v] of tokens) if (v === spent) tokens.delete(k);
      port.postMessage({ status: res.status, headers: [...res.headers], body: text });
    } catch (e) {
      port.postMessage({ error: e?.name === 'TimeoutError' ? 'timeout' : 'fetch_error' });
    }
  };
}
