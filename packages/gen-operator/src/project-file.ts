/** A TypeScript import a user file must have; added by the writer when missing, never changed. */
export interface RequiredImport {
  module: string;
  /** Named imports; none means a side-effect import (`import './x.js'`). */
  named?: string[];
  typeOnly?: boolean;
}

/** One file of the generated project. */
export interface ProjectFile {
  /** Relative to the project folder, with forward slashes. */
  path: string;
  content: string;
  /** `generated` files carry the header and are rewritten; `user` files are created once, then only merged into. */
  owner: 'generated' | 'user';
  /** For user TypeScript files: imports to add when missing. */
  imports?: RequiredImport[];
}
