// The package version, sent in the default `auth0Client` telemetry (checked against
// package.json by tests/package/names.test.js).
export const VERSION = '0.1.0';
