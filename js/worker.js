// The page's side of the token worker (useRefreshTokens with the memory cache): token and
// revocation requests are built and signed here and sent by the worker, which keeps the
// refresh tokens; the answer comes back as a Response the engine judges like any other.
import { tokenWorker } from './token-worker.js';
import { GenericError, MissingRefreshTokenError, TimeoutError } from './index.js';

export class TokenWorker {
  constructor(base, workerUrl) {
    this.pending = new Set();
    this.worker = new Worker(workerUrl || URL.createObjectURL(new Blob([`(${tokenWorker})()`], { type: 'text/javascript' })));
    // A worker that cannot start (a CSP without `worker-src blob:`, a wrong workerUrl) fails
    // every request at once, saying so.
    this.worker.onerror = () => {
      this.failed = new GenericError('worker_unavailable', 'The token worker could not start: a CSP needs worker-src blob:, or set workerUrl to dpop-spa/token-worker.js');
      for (const reject of this.pending) reject(this.failed);
    };
    this.worker.postMessage({ type: 'init', base });
  }

  _ask(message) {
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      const { port1, port2 } = new MessageChannel();
      this.pending.add(reject);
      port1.onmessage = (e) => {
        this.pending.delete(reject);
        resolve(e.data);
      };
      this.worker.postMessage(message, [port2]);
    });
  }

  // A `fetch` for the engine: `req` goes out from the worker, with the refresh token of
  // `audience`/`scope` added when it is a refresh (or `type` is 'revoke'); a new refresh token
  // is kept under `scope` and `saveAs`.
  fetcher(audience, scope, type = 'token', saveAs) {
    return async (req) => {
      const timeout = new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new TimeoutError())));
      const a = await Promise.race([timeout, this._ask({
        type, url: req.url, headers: [...req.headers], body: await req.text(), audience, scope, saveAs, timeout: 10000,
      })]);
      if (a.error === 'missing_refresh_token') throw new MissingRefreshTokenError(audience, scope);
      if (a.error === 'timeout') throw new TimeoutError();
      if (a.error) throw new GenericError(a.error, 'The token worker could not send the request');
      return new Response([204, 205, 304].includes(a.status) ? null : a.body, { status: a.status, headers: a.headers });
    };
  }

  clear() {
    return this._ask({ type: 'clear' }).catch(() => {});
  }
}
