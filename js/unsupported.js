// auth0-spa-js's API clients that dpop-spa does not provide (README, "API coverage"): the
// classes exist, so imports link; every method of an instance rejects with not_supported.
import { unsupported } from './errors.js';

const client = (name) => class {
  constructor() {
    return unsupported.client(name, new.target.prototype);
  }
};
export const MfaApiClient = client('MfaApiClient');
export const MyAccountApiClient = client('MyAccountApiClient');
export const PasskeyApiClient = client('PasskeyApiClient');
export const AnonymousSessionApiClient = client('AnonymousSessionApiClient');
export const AnonymousSessionClient = client('AnonymousSessionClient');
