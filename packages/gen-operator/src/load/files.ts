import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { MAX_FILE_BYTES } from './limits.js';
import { decodeUtf8 } from './utf8.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface FileProblem {
  file: string;
  /** `input`: a path that cannot be read at all (a usage error); `not-a-file`: a FIFO, socket or device, skipped. */
  code: 'input' | 'not-a-file';
  message: string;
  hint: string;
}

export function problemDiagnostic(p: FileProblem): Diagnostic {
  const severity = p.code === 'not-a-file' ? 'warning' : 'error';
  return { severity, code: p.code, file: p.file, line: 1, col: 1, path: '', message: p.message, hint: p.hint };
}

/** What a FIFO, socket or device is called, or undefined for files and folders. */
function special(info: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string | undefined {
  if (info.isFIFO()) return 'a named pipe (FIFO)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return undefined;
}

const skipped = (file: string, what: string): FileProblem => ({
  file,
  code: 'not-a-file',
  message: `skipped: ${what}, not a regular file (reading it could block or never end)`,
  hint: 'save the YAML or JSON to a file and pass that file',
});

/**
 * Files named on the command line, and YAML/JSON files found under named folders, in a stable order.
 * Only metadata is read here: a FIFO, socket or device is never opened (opening a FIFO blocks until
 * someone writes to it), only reported and skipped.
 */
export async function expandPaths(paths: readonly string[]): Promise<{ files: string[]; problems: FileProblem[] }> {
  const files: string[] = [];
  const problems: FileProblem[] = [];
  for (const path of paths) {
    let failure = '';
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      failure = error.code === 'ENOENT' ? 'no such file or folder' : `cannot read it (${error.code ?? error.message})`;
      return undefined;
    });
    if (!info) {
      problems.push({
        file: path,
        code: 'input',
        message: failure,
        hint: 'check the path; give CRD files (YAML or JSON) or folders holding them',
      });
    } else if (info.isDirectory()) {
      const found = await walk(path, problems);
      if (found.length === 0) {
        problems.push({
          file: path,
          code: 'input',
          message: 'the folder holds no .yaml, .yml or .json file',
          hint: 'point at the folder that holds your CRDs',
        });
      }
      files.push(...found);
    } else if (info.isFile()) {
      files.push(path);
    } else {
      problems.push(skipped(path, special(info) ?? 'not a file'));
    }
  }
  return { files: [...new Set(files)], problems };
}

async function walk(dir: string, problems: FileProblem[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    problems.push({
      file: dir,
      code: 'input',
      message: `cannot read the folder (${error.code ?? error.message})`,
      hint: 'check that the folder is readable',
    });
    return [];
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      out.push(...(await walk(full, problems)));
      continue;
    }
    if (!EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    // A link is judged by what it points to (links to folders are not followed, as before).
    const info = entry.isSymbolicLink() ? await stat(full).catch(() => undefined) : entry;
    if (!info || info.isDirectory()) continue;
    const what = special(info);
    if (what) problems.push(skipped(full, what));
    else out.push(full);
  }
  return out;
}

/**
 * The text of one input file, read only when it is a regular file of at most MAX_FILE_BYTES and
 * decoded as strict UTF-8; otherwise a diagnostic says why not. The file is checked before it is
 * opened and again on the open descriptor (O_NONBLOCK: were it swapped for a FIFO in between, the
 * open would not block).
 */
export function readInputFile(file: string): { text: string } | { diagnostic: Diagnostic } {
  const refuse = (severity: Diagnostic['severity'], code: string, message: string, hint: string, line = 1, col = 1) => ({
    diagnostic: { severity, code, file, line, col, path: '', message, hint },
  });
  const checked = (info: Stats) => {
    const what = info.isDirectory() ? 'a folder' : info.isFile() ? undefined : (special(info) ?? 'not a regular file');
    if (what) return problemDiagnostic(skipped(file, what));
    if (info.size > MAX_FILE_BYTES) return tooLarge(file, info.size);
    return undefined;
  };
  let fd: number | undefined;
  try {
    const before = checked(statSync(file));
    if (before) return { diagnostic: before };
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOCTTY ?? 0));
    const info = fstatSync(fd);
    const after = checked(info);
    if (after) return { diagnostic: after };
    // Read to the end but never past the limit: the file may grow after fstat.
    const buffer = Buffer.allocUnsafe(Math.min(info.size + 1, MAX_FILE_BYTES + 1));
    let length = 0;
    for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > MAX_FILE_BYTES) return { diagnostic: tooLarge(file, length) };
    const decoded = decodeUtf8(buffer.subarray(0, length));
    if ('text' in decoded) return decoded;
    return refuse(
      'error',
      'encoding',
      `the byte 0x${decoded.value.toString(16).toUpperCase().padStart(2, '0')} (offset ${decoded.badByte}) is not valid UTF-8; kubectl and the apiserver refuse the file`,
      'save the file as UTF-8',
      decoded.line,
      decoded.col,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return refuse('error', 'input', `cannot read the file (${code})`, 'check that the file exists and is readable');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(file: string, size: number): Diagnostic {
  return {
    severity: 'error',
    code: 'too-large',
    file,
    line: 1,
    col: 1,
    path: '',
    message: `the file is ${mib(size)}; gen-operator reads files of at most ${mib(MAX_FILE_BYTES)} (and the apiserver takes objects of at most 3 MiB)`,
    hint: 'split the file into smaller files',
  };
}

export const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
