// Bundles the progressive-enhancement scripts of every module into dist/assets/.
import { build } from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';

// each script is served as /assets/<file name>.js, wherever its module keeps it
const entries = {};
for (const module of readdirSync('src/modules')) {
  const dir = join('src/modules', module, 'client');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)) if (file.endsWith('.ts')) entries[basename(file, '.ts')] = join(dir, file);
}
await build({
  entryPoints: entries,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome61', 'firefox60', 'safari11'],
  outdir: 'dist/assets',
  logLevel: 'warning',
});
console.log(`built ${Object.keys(entries).length} script(s) into dist/assets`);
