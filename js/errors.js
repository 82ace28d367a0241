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
    return new GenericError(error, error_description);
  }
}

export class UseDpopNonceError extends GenericError {
  constructor(newDpopNonce) {
    super('use_dpop_nonce', 'Server rejected DPoP proof: wrong nonce');
    this.newDpopNonce = newDpopNonce;
  }
}

// The engine rejects with plain Errors carrying `code` (and `newDpopNonce`, `cause`,
// `error_description`); give each the class an auth0-spa-js user catches.
export function toPublicError(e) {
  if (!e || typeof e.code !== 'string' || e instanceof GenericError) return e;
  const out = e.code === 'use_dpop_nonce' ? new UseDpopNonceError(e.newDpopNonce) : new GenericError(e.code, e.message);
  if (e.code === 'use_dpop_nonce' && e.error_description) out.error_description = e.error_description;
  if (e.cause !== undefined) out.cause = e.cause;
  return out;
}
