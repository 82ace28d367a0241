// Seeds for the fuzz targets from tests/vectors/*.json (plus a few hand-written inputs for
// the shapes the vectors do not have), written to <out>/<target>/<sha1> as the target reads
// its input: raw text, or fields separated by the byte 0xFF (fuzz/src/lib.rs `fields`).
// Targets that take generated structures (challenge_print, id_token_claims, nonce, retry)
// start from their committed corpus only.
//
//   node fuzz/seed.mjs target/fuzz-seeds
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const out = process.argv[2];
if (!out) throw new Error('usage: node fuzz/seed.mjs OUT_DIR');
const root = new URL('..', import.meta.url);
const vectors = (name) => JSON.parse(readFileSync(new URL(`tests/vectors/${name}`, root), 'utf8'));
const rfc = vectors('rfc.json');
const www = vectors('www_authenticate.json');

const FS = Buffer.from([0xff]);
const framed = (...fields) => Buffer.concat(fields.flatMap((f, i) => [...(i ? [FS] : []), Buffer.isBuffer(f) ? f : Buffer.from(String(f))]));
const le64 = (n) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

const proofs = rfc.proofs;
const jwts = proofs.map((p) => p.jwt);
const jwtParts = jwts.flatMap((j) => j.split('.'));
const tokens = rfc.ath.map((a) => a.access_token);
const claimValues = proofs.flatMap((p) => Object.values(p.claims).map(String));
// RFC 9449 §8 Figure 21's nonce and §9's resource-server nonce.
const nonces = ['eyJ7S_zG.eyJH0-Z.HX4w-7v', 'eyJ7S_zG.eyJbYu3.xQmBj-1'];
const urls = [
  ...proofs.map((p) => p.claims.htu),
  'HTTPS://User:pw@API.example.com:443/r?q=1#f',
  'http://127.0.0.1:80',
  'http://[::1]:3000/x?y',
  'https://a@b@c/x',
  'https://h:0443/',
  'https://h:/x',
  'http://host:8080/a/b;c',
  'https://xn--nxasmq6b.example/%7Efoo/./../bar',
  'https://example.com:65536/',
];

const seeds = {
  b64: [...jwtParts, ...tokens, ...rfc.ath.map((a) => a.ath), ...rfc.thumbprints.flatMap((t) => [t.thumbprint, ...Object.values(t.members)]), 'Zm9vYmFy', 'Zg', 'Zm8', '-_8'],
  json: [
    ...proofs.map((p) => framed(...Object.entries(p.claims).flat().map(String))),
    ...proofs.map((p) => framed(...Object.entries(p.header.jwk).flat())),
    framed('a"b\\c\n\u0001é', '\u2028\t\u007f', '', 'x'),
  ],
  htu: urls,
  challenge: [...new Set(www.cases.map((c) => c.header))],
  jwk: rfc.thumbprints.map((t) => framed(t.members.x ?? '', t.members.y ?? '', ...Object.entries(t.members).flat())),
  proof: proofs.map((p, i) =>
    framed(p.claims.htm, nonces[i % nonces.length], tokens[0], p.claims.htu, p.claims.jti, p.claims.ath ?? rfc.ath[0].ath, le64(p.claims.iat), Buffer.from([i])),
  ),
  id_token_split: [...jwts, ...jwts.map((j) => framed(...j.split('.'))), framed('{"alg":"RS256"}', '{"sub":"u"}', 'sig'), 'DPoP', 'bearer', 'Bearer'],
};

rmSync(out, { recursive: true, force: true });
let n = 0;
for (const [target, list] of Object.entries(seeds)) {
  mkdirSync(`${out}/${target}`, { recursive: true });
  for (const s of list) {
    const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
    writeFileSync(`${out}/${target}/${createHash('sha1').update(b).digest('hex')}`, b);
    n++;
  }
}
console.log(`[fuzz] ${n} seeds from tests/vectors in ${out}/`);
