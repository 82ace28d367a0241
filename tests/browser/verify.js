// An independent DPoP proof checker for the tests: only WebCrypto and the proof itself (the
// header's jwk), no code from the SDK.
const dec = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const enc = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
export const sha256Bytes = async (bytes) => enc(await crypto.subtle.digest('SHA-256', bytes));
export const sha256 = (text) => sha256Bytes(new TextEncoder().encode(text));

export async function verifyProof(jwt) {
  const [h, c, s] = jwt.split('.');
  const header = JSON.parse(new TextDecoder().decode(dec(h)));
  const claims = JSON.parse(new TextDecoder().decode(dec(c)));
  const key = await crypto.subtle.importKey('jwk', header.jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const valid = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, dec(s), new TextEncoder().encode(`${h}.${c}`));
  const { crv, kty, x, y } = header.jwk;
  const jkt = await sha256(JSON.stringify({ crv, kty, x, y }));
  return { header, claims, valid, jkt };
}

// The stored key pair, read straight from IndexedDB.
export function storedKeyPair(clientId) {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('dpop-spa');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const db = r.result;
      if (!db.objectStoreNames.contains('keys')) { db.close(); return resolve(undefined); }
      const g = db.transaction('keys').objectStore('keys').get(clientId);
      g.onsuccess = () => { db.close(); resolve(g.result); };
      g.onerror = () => reject(g.error);
    };
  });
}

export async function storedKeyCount() {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open('dpop-spa');
    r.onerror = () => reject(r.error);
    r.onsuccess = () => {
      const db = r.result;
      const g = db.transaction('keys').objectStore('keys').count();
      g.onsuccess = () => { db.close(); resolve(g.result); };
    };
  });
}

export async function privateKeyExportRejects(pair) {
  try { await crypto.subtle.exportKey('pkcs8', pair.privateKey); return false; } catch { return true; }
}
