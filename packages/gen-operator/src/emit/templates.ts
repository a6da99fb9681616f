import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The templates folder: inside the package when published, the repository's `templates/` when run
 * from a checkout (src/emit or dist/emit are both two levels below the package root).
 */
function templatesDir(): string {
  const root = join(here, '..', '..');
  for (const candidate of [join(root, 'templates'), join(root, '..', '..', 'templates')]) {
    if (existsSync(join(candidate, 'src', 'main.ts.tmpl'))) return candidate;
  }
  throw new Error(`gen-operator's templates folder is missing (looked under ${root}); reinstall gen-operator`);
}

let dir: string | undefined;
const cache = new Map<string, string>();

/** A template with every `{{name}}` replaced; an unknown placeholder is a bug, so it throws. */
export function render(path: string, values: Record<string, string>): string {
  dir ??= templatesDir();
  let text = cache.get(path);
  if (text === undefined) {
    text = readFileSync(join(dir, `${path}.tmpl`), 'utf8');
    cache.set(path, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template ${path} uses {{${name}}}, which was not given`);
    return value;
  });
}
