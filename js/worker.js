// The page's side of the token worker (useRefreshTokens with the memory cache): token and
// revocation requests are built and signed here and sent by the worker, which keeps the
// refresh tokens; the answer comes back as a Response the engine judges like any other.
import { tokenWorker } from './token-worker.js';
import { GenericError, MissingRefreshTokenError, TimeoutError } from './index.js';

export class TokenWorker {
  constructor(base, workerUrl) {
    this.worker = new Worker(workerUrl || URL.createObjectURL(new Blob([`(${tokenWorker})()`], { type: 'text/javascript' })));
    this.worker.postMessage({ type: 'init', base });
  }

  _ask(message) {
    return new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.onmessage = (e) => resolve(e.data);
      this.worker.postMessage(message, [port2]);
    });
  }

  // A `fetch` for the engine: `req` goes out from the worker, with the refresh token of
  // `audience`/`scope` added when it is a refresh (or `type` is 'revoke').
  fetcher(audience, scope, type = 'token') {
    return async (req) => {
      const timeout = new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new TimeoutError())));
      const a = await Promise.race([timeout, this._ask({
        type, url: req.url, headers: [...req.headers], body: await req.text(), audience, scope, timeout: 10000,
      })]);
      if (a.error === 'missing_refresh_token') throw new MissingRefreshTokenError(audience, scope);
      if (a.error === 'timeout') throw new TimeoutError();
      if (a.error) throw new GenericError(a.error, 'The token worker could not send the request');
      return new Response([101, 204, 205, 304].includes(a.status) ? null : a.body, { status: a.status, headers: a.headers });
    };
  }

  clear() {
    return this._ask({ type: 'clear' });
  }
}
