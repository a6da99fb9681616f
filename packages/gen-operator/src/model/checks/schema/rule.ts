import { formatPath, type PathSegment } from '../../../diagnostics.js';
import type { DefaultJudge } from '@gen-operator/runtime';
import type { Reporter } from '../../report.js';

/** Where in the schema the walker stands; some rules only hold at the root or inside a junctor. */
export interface Context {
  inJunctor: boolean;
  root: boolean;
  /** The root's `metadata` property, which may only restrict name and generateName. */
  rootMetadata: boolean;
  /** Below additionalProperties, where the apiserver does not check defaults. */
  inAdditionalProperties?: boolean;
  /** Judges the version's defaults with the apiserver's rules; one per version (it carries their CEL budget). */
  defaults?: DefaultJudge;
}

export type SchemaNode = Record<string, unknown>;

/** One apiserver rule about a keyword (or a few that go together), judged on one schema node. */
export type SchemaRule = (report: Reporter, node: SchemaNode, path: PathSegment[], ctx: Context) => void;

export function label(path: readonly PathSegment[]): string {
  return path.length ? formatPath(path) : 'the schema';
}
