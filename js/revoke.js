// revokeRefreshToken (RFC 7009): each refresh token held for the audience is revoked at
// `/oauth/revoke` (through the token worker when it holds them), with a DPoP proof when
// `useDpop` (for servers that want one; the nonce retry as at the token endpoint), then
// removed from every cache entry. No refresh token: nothing is sent, as in auth0-spa-js.
import { CacheKey, GenericError, MissingRefreshTokenError } from './index.js';

export async function revokeRefreshToken(client, options) {
  if (!client.options.useRefreshTokens) return;
  const [audience] = client._audienceScope({ audience: options.audience });
  const worker = await client._worker();
  const cache = client._cache;
  const held = [];
  for (const k of await client._keysOf(cache)) {
    const w = await cache.get(k);
    if (CacheKey.fromKey(k).audience === audience && typeof w?.body?.refresh_token === 'string') held.push(w.body.refresh_token);
  }
  const engine = await client._engine();
  const revoke = async (token, fetcher) => {
    const body = { client_id: client.options.clientId, token_type_hint: 'refresh_token' };
    if (token) body.token = token;
    const res = await engine.post(`${client._base}/oauth/revoke`, body, !!client.options.useDpop, { 'auth0-client': client._header }, fetcher);
    if (!res.ok) {
      const json = await res.json().catch(() => ({}));
      throw Object.assign(new GenericError(typeof json?.error === 'string' ? json.error : 'revoke_error', `The refresh token could not be revoked (HTTP ${res.status})`), { status: res.status });
    }
  };
  if (worker) {
    // The worker revokes one token of the audience per request until it has none left.
    for (;;) {
      try {
        await revoke(undefined, worker.fetcher(audience, '', 'revoke'));
      } catch (e) {
        if (e instanceof MissingRefreshTokenError) return;
        throw e;
      }
    }
  }
  for (const token of new Set(held)) {
    await revoke(token);
    await client._rotate(token, undefined);
  }
}
