// The session cookie auth0-spa-js gates checkSession() with: `auth0.{clientId}.is.authenticated`
// (and its `_legacy_` copy for browsers that reject SameSite=None), written after every
// successful token request and removed on logout and after login_required. It says only
// "this browser has a session"; it carries no token.
const name = (clientId) => `auth0.${clientId}.is.authenticated`;

const write = (n, value, days, domain, extra) => {
  const expires = days === undefined ? '' : `; expires=${new Date(Date.now() + days * 864e5).toUTCString()}`;
  document.cookie = `${encodeURIComponent(n)}=${value}${expires}; path=/${domain ? `; domain=${domain}` : ''}${extra}`;
};

export function setSession({ clientId, sessionCheckExpiryDays, cookieDomain, legacySameSiteCookie }) {
  const https = location.protocol === 'https:';
  const days = sessionCheckExpiryDays || 1; // as auth0-spa-js: 0 means the default too
  write(name(clientId), 'true', days, cookieDomain, https ? '; secure; samesite=none' : '');
  if (legacySameSiteCookie !== false) write(`_legacy_${name(clientId)}`, 'true', days, cookieDomain, https ? '; secure' : '');
}

export function clearSession({ clientId, cookieDomain }) {
  for (const n of [name(clientId), `_legacy_${name(clientId)}`, 'auth0.is.authenticated']) write(n, '', -1, cookieDomain, '');
}

export function hasSession({ clientId }) {
  const names = [name(clientId), `_legacy_${name(clientId)}`, 'auth0.is.authenticated'].map(encodeURIComponent);
  return document.cookie.split(';').some((c) => names.includes(c.trim().split('=')[0]));
}
