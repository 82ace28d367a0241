// The web_message response (response_mode=web_message), shared by iframe.js and popup.js
// (bundled into each): the authorization server's response page posts
// `{type: 'authorization_response', response}` to its opener or parent. Only a message from
// `origin`, from the window we opened, of that type and carrying our `state` is taken;
// anything else is ignored, so another frame can neither answer nor abort the flow.
import { GenericError, PopupCancelledError, PopupTimeoutError, TimeoutError } from './index.js';

// Resolves with `{code, state, …}`; rejects with the server's error (a GenericError with its
// `error`), a TimeoutError (PopupTimeoutError for a popup) after `timeoutMs`, or
// PopupCancelledError once `popup` is closed (polled every second).
export function webMessage({ origin, state, source, timeoutMs, popup }) {
  return new Promise((resolve, reject) => {
    const timers = [];
    const finish = (f, v) => {
      removeEventListener('message', onMessage);
      for (const t of timers) clearInterval(t);
      f(v);
    };
    const onMessage = (e) => {
      const r = e.data?.response;
      if (e.origin !== origin || e.data.type !== 'authorization_response' || e.source !== source() || !r || r.state !== state) return;
      if (r.error) finish(reject, new GenericError(String(r.error), String(r.error_description ?? r.error)));
      else if (typeof r.code === 'string') finish(resolve, r);
    };
    addEventListener('message', onMessage);
    timers.push(setTimeout(() => finish(reject, popup ? new PopupTimeoutError(popup) : new TimeoutError()), timeoutMs));
    if (popup) timers.push(setInterval(() => popup.closed && finish(reject, new PopupCancelledError(popup)), 1000));
  });
}
