import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type ParsedNode, type Scalar } from 'yaml';
import type { Location, PathSegment } from '../diagnostics.js';
import { plainKey } from './scalars.js';

/** One YAML/JSON document (or one item of a `kind: List`) with its plain value and a way back to the source. */
export interface SourceDocument {
  file: string;
  /** Position of the document in its file, counting from 0. */
  index: number;
  value: unknown;
  /** Where a field is written: the key for an existing map entry, the deepest existing parent otherwise. */
  locate(path: readonly PathSegment[]): Location;
  /** The raw source text of the whole file, for emitters that copy inputs. */
  text: string;
}

export function makeLocator(file: string, root: ParsedNode | null, lines: LineCounter, start: number): SourceDocument['locate'] {
  const at = (offset: number): Location => {
    const { line, col } = lines.linePos(offset);
    return { file, line, col };
  };
  return (path) => {
    let node: Node | null = root;
    let best = node?.range?.[0] ?? start;
    for (const segment of path) {
      if (isMap(node)) {
        const wanted = String(segment);
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && keyText(p.key) === wanted);
        if (!pair) break;
        const key = pair.key as Node;
        best = key.range?.[0] ?? best;
        node = (pair.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        best = item.range?.[0] ?? best;
        node = item;
      } else {
        break;
      }
    }
    return at(best);
  };
}

/** The key as the value tree has it: plain keys resolved as go-yaml does (`yes:` is "true"). */
function keyText(key: Scalar): string {
  return key.type === 'PLAIN' && typeof key.source === 'string' ? plainKey(key.source) : String(key.value);
}
