/** Kubernetes Events about objects (events.k8s.io/v1), posted in the background. */
export { bindEvents, describeError, type Events } from './events.js';
export { EventRecorder, type EventSink, type RecorderLimits } from './recorder.js';
export { apiSink } from './api-sink.js';
export type { EventType, Reporter } from './event-body.js';
export { reporterFrom } from './reporter.js';
