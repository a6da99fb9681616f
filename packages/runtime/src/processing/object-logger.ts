/**
 * The logger handlers get for one object: made per processing cycle and dropped with it (nothing
 * per object stays in memory between changes), with the child logger and its bindings made only
 * on the first line actually logged: most objects never log anything. Methods are bound, so a
 * handler may pass `logger.info` around.
 */
import type { Logger } from '../registry/types.js';
import type { KubernetesObject } from '../resource/types.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown> | undefined;

/** What an ObjectLogger needs of the operator's logger (operator/logging.ts's RootLogger fits). */
export interface ParentLogger extends Logger {
  child(bindings: Record<string, unknown>): Logger;
  enabled?(level: string): boolean;
}

export class ObjectLogger implements Logger {
  private child: Logger | undefined;

  constructor(
    private readonly root: ParentLogger,
    /** The object's identity (kind, namespace, name, uid), and the handler and attempt where one runs. */
    private readonly bindings: Record<string, unknown>,
  ) {}

  /** The same object's logger with more fields on every line (the handler's id and attempt). */
  with(fields: Record<string, unknown>): ObjectLogger {
    return new ObjectLogger(this.root, { ...this.bindings, ...fields });
  }

  readonly debug = (message: string, fields?: Fields): void => this.log('debug', message, fields);
  readonly info = (message: string, fields?: Fields): void => this.log('info', message, fields);
  readonly warn = (message: string, fields?: Fields): void => this.log('warn', message, fields);
  readonly error = (message: string, fields?: Fields): void => this.log('error', message, fields);

  private log(level: Level, message: string, fields: Fields): void {
    if (this.root.enabled && !this.root.enabled(level)) return;
    this.child ??= this.root.child(this.bindings);
    this.child[level](message, fields);
  }
}

/** The logger for one object of `kind`: its identity (kind, namespace, name, uid) on every line. */
export function objectLogger(root: ParentLogger, kind: string, body: KubernetesObject): ObjectLogger {
  const { name, namespace, uid } = body.metadata ?? {};
  return new ObjectLogger(root, { kind, ...(namespace ? { namespace } : {}), name, uid });
}
