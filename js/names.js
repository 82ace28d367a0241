// Small runtime values of auth0-spa-js's API that apps and auth0-angular import by name.

/** The shape of `getUser()`'s result (auth0-spa-js exports it as a class). */
export class User {}

export const ResponseType = Object.freeze({ Code: 'code', ConnectCode: 'connect_code' });

export const RefreshTokenMode = Object.freeze({ Offline: 'offline', Online: 'online' });

/**
 * Whether `emailDomain` belongs to an enterprise (federated) connection of the Auth0 tenant
 * `auth0Domain`, asked of its WebFinger endpoint as auth0-spa-js asks it; any failure is false.
 */
export async function isFederatedDomain(auth0Domain, emailDomain, options = {}) {
  const host = (d) => String(d).replace(/^https?:\/\//i, '').toLowerCase();
  const base = /^http:\/\//i.test(auth0Domain) ? `http://${host(auth0Domain)}` : `https://${host(auth0Domain)}`;
  const q = new URLSearchParams({ resource: `urn:auth0:discovery:domain:${host(emailDomain)}`, rel: 'http://openid.net/specs/connect/1.0/issuer' });
  try {
    return (await (options.customFetch ?? fetch)(`${base}/.well-known/webfinger?${q}`)).ok;
  } catch {
    return false;
  }
}
