// Error classes with auth0-spa-js 2.28.3's names, constructors and fields, plus a stable
// `code` on each (equal to `error`).

export class GenericError extends Error {
  constructor(error, error_description) {
    super(error_description);
    this.error = error;
    this.error_description = error_description;
    this.code = error;
    Object.setPrototypeOf(this, new.target.prototype);
  }
  static fromPayload({ error, error_description }) {
    return new this(error, error_description); // MfaError.fromPayload gives an MfaError
  }
}

export class InvalidConfigurationError extends GenericError {
  constructor(message, suggestion) {
    super('invalid_configuration', `${message} ${suggestion}`);
    this.suggestion = suggestion;
  }
}

export class AuthenticationError extends GenericError {
  constructor(error, error_description, state, appState = null) {
    super(error, error_description);
    this.state = state;
    this.appState = appState;
  }
}

export class ConnectError extends GenericError {
  constructor(error, error_description, connection, state, appState = null) {
    super(error, error_description);
    this.connection = connection;
    this.state = state;
    this.appState = appState;
  }
}

export class TimeoutError extends GenericError {
  constructor() {
    super('timeout', 'Timeout');
  }
}

export class PopupTimeoutError extends TimeoutError {
  constructor(popup) {
    super();
    this.popup = popup;
  }
}

export class PopupCancelledError extends GenericError {
  constructor(popup) {
    super('cancelled', 'Popup closed');
    this.popup = popup;
  }
}

export class PopupOpenError extends GenericError {
  constructor() {
    super('popup_open', 'Unable to open a popup for loginWithPopup - window.open returned `null`');
  }
}

export class MfaRequiredError extends GenericError {
  constructor(error, error_description, mfa_token, mfa_requirements) {
    super(error, error_description);
    this.mfa_token = mfa_token;
    this.mfa_requirements = mfa_requirements;
  }
}

const scopeText = (audience, scope) => `(audience: '${audience && audience !== 'default' ? audience : ''}', scope: '${scope || ''}')`;

export class MissingRefreshTokenError extends GenericError {
  constructor(audience, scope) {
    super('missing_refresh_token', `Missing Refresh Token ${scopeText(audience, scope)}`);
    this.audience = audience;
    this.scope = scope;
  }
}

export class MissingScopesError extends GenericError {
  constructor(audience, scope) {
    super('missing_scopes', `Missing requested scopes after refresh ${scopeText(audience, scope)}`);
    this.audience = audience;
    this.scope = scope;
  }
}

export class UseDpopNonceError extends GenericError {
  constructor(newDpopNonce) {
    super('use_dpop_nonce', 'Server rejected DPoP proof: wrong nonce');
    this.newDpopNonce = newDpopNonce;
  }
}

// Errors of auth0-spa-js's out-of-scope sub-clients (MFA API, My Account, passkeys,
// anonymous sessions), with their constructors and fields: exported so code that imports,
// constructs or `instanceof`-checks them works.
export class MfaError extends GenericError {}
export class MfaListAuthenticatorsError extends MfaError {}
export class MfaEnrollmentError extends MfaError {}
export class MfaChallengeError extends MfaError {}
export class MfaVerifyError extends MfaError {}
export class MfaEnrollmentFactorsError extends MfaError {}

export class MyAccountApiError extends Error {
  constructor({ type, status, title, detail, validation_errors }) {
    super(detail);
    Object.assign(this, { name: 'MyAccountApiError', type, status, title, detail, validation_errors });
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

// `(code, message, cause)` errors: auth0-spa-js's PasskeyError, auth0-auth-js's
// AnonymousSessionError and its passkey errors (which take `(message, cause)`, code fixed).
class CodedError extends Error {
  constructor(code, message, cause) {
    super(message);
    Object.assign(this, { name: new.target.name, code, cause });
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
export class PasskeyError extends CodedError {}
export class AnonymousSessionError extends CodedError {}
const fixed = (code) => class extends CodedError {
  constructor(message, cause) { super(code, message, cause); }
};
export class PasskeyRegisterError extends fixed('passkey_register_error') {}
export class PasskeyChallengeError extends fixed('passkey_challenge_error') {}
export class PasskeyGetTokenError extends fixed('passkey_get_token_error') {}

// What dpop-spa does not provide: a coded `not_supported` error naming the method.
export const unsupported = (name) => new GenericError('not_supported', `${name} is not supported by dpop-spa`);

// auth0-spa-js's synchronous sub-client methods: these throw instead of rejecting.
const SYNC = ['hasSession', 'getClaims', 'setMFAAuthDetails'];

// A sub-client (or API client class instance, `proto` its prototype) whose every method
// rejects (or, for the synchronous ones, throws) with not_supported.
unsupported.client = (prefix, proto = Object.prototype) => new Proxy(Object.create(proto), {
  get: (_, m) => {
    if (typeof m !== 'string' || m === 'then' || m === 'toJSON' || m === 'constructor') return undefined;
    return SYNC.includes(m) ? () => { throw unsupported(`${prefix}.${m}`); } : () => Promise.reject(unsupported(`${prefix}.${m}`));
  },
});

// The engine rejects with plain Errors carrying `code` (and `error`, `error_description`,
// `status`, `newDpopNonce`, `cause`); give each the class an auth0-spa-js user catches.
export function toPublicError(e) {
  if (!e || typeof e.code !== 'string' || e instanceof GenericError) return e;
  let out;
  if (e.code === 'use_dpop_nonce') {
    out = new UseDpopNonceError(e.newDpopNonce);
    if (e.error_description) out.error_description = e.error_description;
  } else if (e.code === 'timeout') {
    out = new TimeoutError();
  } else {
    const status = e.status ? ` (HTTP ${e.status})` : '';
    out = new GenericError(e.code, e.message + status);
  }
  if (e.status) out.status = e.status;
  if (e.cause !== undefined) out.cause = e.cause;
  return out;
}

// Runs `f`, rethrowing engine errors as the public classes.
export async function call(f) {
  try {
    return await f();
  } catch (e) {
    throw toPublicError(e);
  }
}
