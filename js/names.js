// Small runtime values of auth0-spa-js's API that apps and auth0-angular import by name.

/** The shape of `getUser()`'s result (auth0-spa-js exports it as a class). */
export class User {}

export const ResponseType = Object.freeze({ Code: 'code', ConnectCode: 'connect_code' });

export const RefreshTokenMode = Object.freeze({ Offline: 'offline', Online: 'online' });

/** Whether `domain` is one of Auth0's own (as auth0-spa-js decides it). */
export const isFederatedDomain = (domain) => false;
