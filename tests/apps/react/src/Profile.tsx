// The guarded page: the user, the claims of the DPoP-bound access token, the public key the
// proofs are signed with, and a call to the API that requires DPoP and its own nonce.
import { useEffect, useState } from 'react';
import { useAuth0, withAuthenticationRequired } from 'dpop-spa/react';
import { config } from './config';

interface ApiResult {
  status: number;
  body: unknown;
}

const decodePart = (jwt: string, i: number): Record<string, unknown> => {
  const part = jwt.split('.')[i] ?? '';
  const text = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))));
};

function ProfilePage() {
  const { user, getAccessTokenSilently, generateDpopProof, createFetcher } = useAuth0();
  const [claims, setClaims] = useState<Record<string, unknown>>();
  const [jwk, setJwk] = useState<unknown>();
  const [api, setApi] = useState<ApiResult>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    let live = true;
    (async () => {
      const token = await getAccessTokenSilently();
      if (!token) throw new Error('no access token');
      // A proof as the API call makes it (with the token's hash): its header has the public key.
      const proof = await generateDpopProof({ url: config.api, method: 'GET', accessToken: token });
      if (!live) return;
      setClaims(decodePart(token, 1));
      setJwk(decodePart(proof, 0).jwk);
    })().catch((e: Error) => live && setFailure(e.message));
    return () => { live = false; };
  }, [getAccessTokenSilently, generateDpopProof]);

  const callApi = async () => {
    try {
      const fetcher = createFetcher({ dpopNonceId: 'api' });
      const res = await fetcher.fetchWithAuth(config.api);
      setApi({ status: res.status, body: await res.json() });
    } catch (e) {
      setFailure((e as Error).message);
    }
  };

  return (
    <section>
      <h1 id="user-name">{user?.name}</h1>
      <p id="user-email">{user?.email}</p>
      <p id="user-sub">{user?.sub}</p>
      <button id="call-api" onClick={callApi}>Call the API</button>
      {claims && <pre id="token-claims">{JSON.stringify(claims)}</pre>}
      {jwk !== undefined && <pre id="dpop-jwk">{JSON.stringify(jwk)}</pre>}
      {api && <pre id="api-result">{JSON.stringify(api)}</pre>}
      {failure && <p id="profile-error">{failure}</p>}
    </section>
  );
}

export const Profile = withAuthenticationRequired(ProfilePage, {
  onRedirecting: () => <p id="redirecting">Redirecting to the login page…</p>,
});
