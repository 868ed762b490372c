import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under a blob directory (kept files and temporary ones), sorted: compare before and after a request. */
export function blobFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
