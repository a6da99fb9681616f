/** `events.info / warn / exception`: kopf's calls for posting Events about an object. */
import type { KubernetesObject } from '../resource/types.js';
import { type EventType, occurrence, referenceTo } from './event-body.js';
import type { EventRecorder } from './recorder.js';

/** Posts Kubernetes Events about objects. Never throws, never waits: Events are written in the background. */
export interface Events {
  /** A Normal Event. */
  info(object: KubernetesObject, reason: string, message: string): void;
  /** A Warning Event. */
  warn(object: KubernetesObject, reason: string, message: string): void;
  /** A Warning Event about an error: `message` (if given) then the error's name and message. */
  exception(object: KubernetesObject, reason: string, error: unknown, message?: string): void;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  return String(error);
}

export function bindEvents(recorder: EventRecorder): Events {
  const post = (object: KubernetesObject, type: EventType, reason: unknown, note: () => unknown) => {
    // kopf posts nothing about Events themselves (an Event about an Event would be noise).
    if (object?.kind === 'Event') return;
    try {
      recorder.record(occurrence(referenceTo(object ?? {}), type, reason, note()));
    } catch {
      // A message whose toString() throws: posting must never fail the caller.
    }
  };
  return Object.freeze({
    info: (object, reason, message) => post(object, 'Normal', reason, () => message),
    warn: (object, reason, message) => post(object, 'Warning', reason, () => message),
    exception: (object, reason, error, message) =>
      post(object, 'Warning', reason, () => (message ? `${message} ${describeError(error)}` : describeError(error))),
  } satisfies Events);
}
