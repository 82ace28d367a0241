// Login in a popup: the window was opened (blank) inside the caller's click, by client.js; it
// is sent to the authorize URL (response_mode=web_message) once that is ready, and answers
// by postMessage (message.js). It is closed once it has answered, unless
// `closePopup` is false; on timeout it stays open (PopupTimeoutError has it).
import { webMessage } from './message.js';
import { PopupOpenError } from './index.js';

export async function loginWithPopup(client, popup, options, config) {
  if (!popup) throw new PopupOpenError();
  const { url, tx } = await client._webMessageAuthorize(options.authorizationParams);
  popup.location.href = url;
  const timeoutMs = (config.timeoutInSeconds ?? client.options.authorizeTimeoutInSeconds ?? 60) * 1000;
  const answered = (e) => e?.error !== 'timeout' && e?.error !== 'cancelled';
  let r;
  try {
    r = await webMessage({ origin: client._origin, state: tx.state, source: () => popup, timeoutMs, popup });
  } catch (e) {
    if (answered(e) && config.closePopup !== false) popup.close();
    throw e;
  }
  if (config.closePopup !== false) popup.close();
  await client._exchange(tx, r.code);
}

// loginWithPopup, then the access token it cached.
export async function getTokenWithPopup(client, popup, options, config) {
  await loginWithPopup(client, popup, options, config);
  const entry = await client._cached(...client._audienceScope(options.authorizationParams), { fresh: false });
  return entry?.access_token;
}
