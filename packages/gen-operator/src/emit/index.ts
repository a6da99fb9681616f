export type { ProjectFile, RequiredImport } from '../project-file.js';
export { projectName } from './names.js';
export { type EmitOptions, emitProject } from './project.js';
export { emitResource } from './resources.js';
export { buildSample, type Sample, sampleObject } from './sample.js';
export type { Dependencies } from './scaffold/package-json.js';
export { emitKindTypes, type KindTypes, Prepass, printDefinitions } from './types/index.js';
