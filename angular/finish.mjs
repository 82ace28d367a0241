// ng-packagr's output (target/ng-angular) -> pkg/angular: the FESM minified with private
// (`_name`) members mangled, the re-export of the core's names kept as one statement (esbuild
// would split it into an import and an export list), and the declarations as index.d.ts.
// The partial declarations (ɵɵngDeclare…) stay as calls with their object literals, in
// UTF-8, which is what the app's Angular linker looks for and reads.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

const [from, to] = process.argv.slice(2);
const fesm = readFileSync(`${from}/fesm2022/dpop-spa-angular.mjs`, 'utf8');
const reexport = /^export \{[^}]*\} from 'dpop-spa';$/m;
const kept = fesm.match(reexport);
if (!kept) throw new Error('angular/finish.mjs: the re-export from dpop-spa is not where ng-packagr put it before');
const { code } = transformSync(fesm.replace(reexport, ''), {
  format: 'esm', target: 'es2022', minify: true, charset: 'utf8', legalComments: 'none', mangleProps: /^_[a-zA-Z]/,
});
if (!/ɵɵngDeclareFactory\(\{/.test(code)) throw new Error('angular/finish.mjs: the partial declarations did not survive minification');
mkdirSync(`${to}/fesm2022`, { recursive: true });
writeFileSync(`${to}/fesm2022/dpop-spa-angular.mjs`, `${code}${kept[0].replace(/\s+/g, '').replace('from', ' from ')}\n`);
writeFileSync(`${to}/index.d.ts`, readFileSync(`${from}/types/dpop-spa-angular.d.ts`, 'utf8'));
