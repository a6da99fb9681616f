export { type ApplyHooks, applyPlan } from './apply.js';
export { TargetError } from './errors.js';
export { readMarker } from './marker.js';
export { addMissingImports } from './merge.js';
export { type Action, MARKER, type Plan, type PlannedFile, type PlanOptions, planWrite } from './plan.js';
export { staleFiles } from './check.js';
