/**
 * The JavaScript `npm test` runs: src/ and test/ copied to .test-build/<pid>/, each TypeScript file compiled beside its
 * source by esbuild (the same compiler tsx uses, with the project's tsconfig), imports of './x.ts' rewritten to
 * './x.js'. Node then loads a test file's few hundred modules without a loader hook: about 1.3 s of CPU a file
 * instead of about 4 s under tsx, which over 150 files and two databases is most of the run's idle-machine margin.
 * The TypeScript files stay beside the JavaScript, so what runs Sauti as a process (`bin/sauti.js`, a worker
 * thread, a simulator's main.ts) still finds its sources; dist/ and scripts/ are linked to the real ones, and the
 * copy's bin/sauti.js runs the compiled sources.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';

export const TEST_BUILD = '.test-build';
const COPIED = ['src', 'test'];
const LINKED = ['dist', 'scripts'];
// the copy's `sauti` command runs the compiled sources: started as a process (a server killed and restarted, the
// command's own tests), it is ready in about a second instead of the three tsx takes to compile what it loads
const COMPILED_BIN = `#!/usr/bin/env node
const { runSauti } = await import('../src/cli.js');
runSauti(process.argv.slice(2));
`;

function typescriptFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) typescriptFiles(path, out);
    else if (/\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// a relative specifier naming a TypeScript file, as an import, an export or a dynamic import writes it
const TS_SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}\/[^"'\n]*?)\.tsx?\2/g;

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

export interface TestBuild {
  /** Where a source path's compiled file is. */
  compiled(source: string): string;
  remove(): void;
}

/**
 * Builds this run's copy, .test-build/<pid>/, from the working tree (runs side by side each have their own), and
 * sweeps the copies of runs that are no longer running.
 */
export async function buildTests(root = process.cwd()): Promise<TestBuild> {
  const base = resolve(root, TEST_BUILD);
  mkdirSync(base, { recursive: true });
  for (const entry of readdirSync(base))
    if (!running(Number(entry))) rmSync(join(base, entry), { recursive: true, force: true });
  const out = join(base, String(process.pid));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  for (const dir of COPIED) cpSync(resolve(root, dir), join(out, dir), { recursive: true });
  // dist/ may not exist yet on a fresh clone (a test builds the browser assets into it): made here, so that the
  // link points at a folder rather than at nothing
  mkdirSync(resolve(root, 'dist'), { recursive: true });
  for (const name of LINKED) symlinkSync(resolve(root, name), join(out, name));
  mkdirSync(join(out, 'bin'));
  writeFileSync(join(out, 'bin', 'sauti.js'), COMPILED_BIN, { mode: 0o755 });
  const sources = COPIED.flatMap((dir) => typescriptFiles(join(out, dir)));
  const result = await build({
    entryPoints: sources,
    outdir: out,
    outbase: out,
    tsconfig: resolve(root, 'tsconfig.json'),
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    write: false,
    logLevel: 'error',
  });
  for (const file of result.outputFiles) {
    writeFileSync(
      file.path,
      file.text.replace(TS_SPECIFIER, (_, lead, quote, path) => `${lead}${quote}${path}.js${quote}`),
    );
  }
  return {
    compiled: (source) => join(out, relative(root, resolve(root, source)).replace(/\.tsx?$/, '.js')),
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}
