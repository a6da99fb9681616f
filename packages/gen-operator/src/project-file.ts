/** A TypeScript import a user file must have; added by the writer when missing, never changed. */
export interface RequiredImport {
  module: string;
  /** Named imports; none means a side-effect import (`import './x.js'`). */
  named?: string[];
  typeOnly?: boolean;
}

/**
 * Text a user file is expected to hold (or not) for the project's settings. The file is never
 * rewritten for it: when a kept file differs, the plan notes what to change by hand.
 */
export interface ExpectedText {
  text: string;
  /** Whether the text should be in the file. */
  present: boolean;
  /** What to do by hand when it is not as expected. */
  note: string;
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
  /** For user files: what they should hold for the settings of this run (see ExpectedText). */
  expects?: ExpectedText[];
}
