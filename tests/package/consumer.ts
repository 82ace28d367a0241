// Type-checked by tests/package/package.test.js with `tsc --noEmit` against the installed
// tarball: the public API as an auth0-spa-js user writes it.
import {
  Auth0Client, createAuth0Client, GenericError, UseDpopNonceError, MissingRefreshTokenError,
  AuthenticationError, InMemoryCache, LocalStorageCache, CacheKey,
  type Auth0ClientOptions, type Fetcher, type User,
} from 'dpop-spa';

const options: Auth0ClientOptions = {
  domain: 'tenant.auth0.com', clientId: 'abc', useDpop: true, useRefreshTokens: true, cacheLocation: 'localstorage',
  authorizationParams: { redirect_uri: 'https://app.example/', audience: 'https://api.example/', scope: 'read:x' },
};

export async function main(): Promise<string | undefined> {
  const client: Auth0Client = await createAuth0Client(options);
  await client.loginWithRedirect({ appState: { to: '/' }, authorizationParams: { prompt: 'login' } });
  const result = await client.handleRedirectCallback<{ to: string }>();
  const to: string | undefined = result.appState?.to;
  const token: string = await client.getTokenSilently();
  const detailed = await client.getTokenSilently({ detailedResponse: true, cacheMode: 'off' });
  const user: User | undefined = await client.getUser();
  const fetcher: Fetcher<Response> = client.createFetcher({ dpopNonceId: 'api', baseUrl: 'https://api.example' });
  try {
    const res: Response = await fetcher.fetchWithAuth('/orders', { method: 'POST', body: '{}' }, { scope: ['write:orders'] });
    await res.json();
  } catch (e) {
    if (e instanceof UseDpopNonceError) return e.newDpopNonce;
    if (e instanceof MissingRefreshTokenError) return e.audience;
    if (e instanceof AuthenticationError) return e.state;
    if (e instanceof GenericError) return `${e.error} ${e.error_description} ${e.code}`;
  }
  const custom = client.createFetcher({
    getAccessToken: async () => ({ access_token: 't', token_type: 'DPoP' }),
    fetch: async (req: Request) => ({ status: 200, headers: [['dpop-nonce', 'n']] as [string, string][] }),
  });
  const out = await custom.fetchWithAuth(new URL('https://api.example/x'));
  const status: number = out.status;
  const proof: string = await client.generateDpopProof({ url: 'https://api.example/x', method: 'GET', accessToken: token });
  const nonce: string | undefined = await client.getDpopNonce('api');
  await client.setDpopNonce('n', 'api');
  await client.logout({ openUrl: false });
  const key = new CacheKey({ clientId: 'abc', audience: 'a', scope: 's' }).toKey();
  new InMemoryCache().set(key, {});
  new LocalStorageCache().allKeys();
  return [to, detailed.access_token, user?.sub, status, proof, nonce].join();
}
