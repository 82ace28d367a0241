// Redirect login: the transaction (state, OIDC nonce, PKCE verifier, appState) kept in
// sessionStorage across the redirect, and the callback that finishes it.
import { AuthenticationError, GenericError } from './index.js';

export async function loginWithRedirect(client, options) {
  const { url, tx } = await client._authorize(options.authorizationParams, 'query');
  try {
    sessionStorage.setItem(client._txKey, JSON.stringify({ ...tx, appState: options.appState }));
  } catch (cause) {
    // Nothing was written (and no redirect happens); the next attempt works once there is room.
    throw Object.assign(new GenericError('storage_full', 'The login transaction could not be stored in sessionStorage'), { cause });
  }
  if (options.openUrl) await options.openUrl(url);
  else window.location.assign(url);
}

// The callback's transaction is used up whatever happens next; the wasm loads first, so if
// it cannot, the transaction is still there for a retry.
export async function handleRedirectCallback(client, url) {
  const query = url.split('?').slice(1).join('').split('#')[0];
  if (!query) throw new GenericError('invalid_callback', 'There are no query params available for parsing.');
  await client._engine();
  const raw = sessionStorage.getItem(client._txKey);
  if (!raw) throw new GenericError('missing_transaction', 'Invalid state');
  sessionStorage.removeItem(client._txKey);
  let tx;
  try { tx = JSON.parse(raw); } catch { tx = undefined; }
  // A transaction of another shape (another SDK's, another version's, edited) is none.
  if (!['state', 'nonce', 'code_verifier', 'scope', 'audience'].every((k) => typeof tx?.[k] === 'string')) throw new GenericError('missing_transaction', 'Invalid state');
  const p = new URLSearchParams(query);
  const state = p.get('state') ?? undefined;
  if (p.get('error')) throw new AuthenticationError(p.get('error'), p.get('error_description') || p.get('error'), state, tx.appState);
  if (!tx.code_verifier || tx.state !== state || !p.get('code')) throw new AuthenticationError('state_mismatch', 'Invalid state', state, tx.appState);
  await client._exchange(tx, p.get('code'));
  return { appState: tx.appState, response_type: 'code' };
}
