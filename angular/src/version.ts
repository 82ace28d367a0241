// The package version, sent in the `auth0Client` telemetry (tests/package/names-angular.test.js
// checks it against js/package.json).
export const version = '0.1.0';
