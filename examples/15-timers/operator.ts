/**
 * Timers: a handler called every `interval` seconds per object, with the object's latest body,
 * never overlapping itself, stopped when the object is deleted.
 *
 * `everyFewSeconds` ticks every 2 s once the object has been still (spec, labels, annotations) for
 * 5 s; its result goes to status.everyFewSeconds. Its own status writes are not changes, so they do
 * not restart the wait. `onTheSchedule` ticks sharp every 4 s from 1 s after the object was first
 * seen, however long each tick takes. Neither asks for a finalizer: deletion is never blocked.
 */
import { on, run } from '@gen-operator/runtime';
import { Example } from '../resources.js';

on.timer(
  Example,
  function everyFewSeconds({ spec, logger }) {
    logger.info(`Ping from a timer: field=${spec.field}`);
    return { field: spec.field };
  },
  { idle: 5, interval: 2 },
);

on.timer(
  Example,
  function onTheSchedule({ spec, scheduled, logger }) {
    logger.info(`Ping from a sharp timer: field=${spec.field}, ${Date.now() - scheduled.getTime()} ms late`);
  },
  { interval: 4, sharp: true, initialDelay: 1 },
);

await run({ namespaces: [process.env.WATCH_NAMESPACE ?? 'default'] });
