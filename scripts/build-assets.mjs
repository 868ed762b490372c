// Bundles the progressive-enhancement scripts of every module, and of its features, into dist/assets/.
import { build } from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The client folders: src/modules/<module>/client and src/modules/<module>/<feature>/client. */
function clientDirs() {
  const dirs = [];
  for (const module of readdirSync('src/modules', { withFileTypes: true })) {
    if (!module.isDirectory()) continue;
    const root = join('src/modules', module.name);
    dirs.push(join(root, 'client'));
    for (const feature of readdirSync(root, { withFileTypes: true }))
      if (feature.isDirectory() && feature.name !== 'client') dirs.push(join(root, feature.name, 'client'));
  }
  return dirs.filter((dir) => existsSync(dir));
}

// each script is served as /assets/<file name>.js, wherever its module keeps it, so two may not share a name
const entries = {};
for (const dir of clientDirs()) {
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.ts')) continue;
    const name = basename(file, '.ts');
    if (entries[name])
      throw new Error(`two scripts would be /assets/${name}.js: ${entries[name]} and ${join(dir, file)}`);
    entries[name] = join(dir, file);
  }
}
// The document check's scripts run only where WebCrypto verifies Ed25519 signatures (Chrome 137, Firefox 129,
// Safari 17), and use libraries whose syntax the older target cannot be lowered to: built for those browsers.
const modernOnly = new Set(['document-verify', 'document-verify-sw']);
const pick = (modern) =>
  Object.fromEntries(Object.entries(entries).filter(([name]) => modernOnly.has(name) === modern));
const options = { bundle: true, minify: true, format: 'iife', outdir: 'dist/assets', logLevel: 'warning' };
await build({ ...options, entryPoints: pick(false), target: ['chrome61', 'firefox60', 'safari11'] });
await build({ ...options, entryPoints: pick(true), target: ['chrome137', 'firefox129', 'safari17'] });
console.log(`built ${Object.keys(entries).length} script(s) into dist/assets`);
