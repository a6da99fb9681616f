import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface FileProblem {
  file: string;
  message: string;
  hint: string;
}

/** Files named on the command line, and YAML/JSON files found under named folders, in a stable order. */
export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; problems: FileProblem[] }> {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) {
      problems.push({
        file: path,
        message: 'no such file or folder',
        hint: 'check the path; give CRD files (YAML or JSON) or folders holding them',
      });
    } else if (info.isDirectory()) {
      const found = await walk(path);
      if (found.length === 0) {
        problems.push({
          file: path,
          message: 'the folder holds no .yaml, .yml or .json file',
          hint: 'point at the folder that holds your CRDs',
        });
      }
      files.push(...found);
    } else {
      files.push(path);
    }
  }
  return { files: [...new Set(files)], problems };
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(full);
  }
  return out;
}
