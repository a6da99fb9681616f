export { describeFiles, planReload, areaOf, type Reload } from './changes.js';
export { Debouncer } from './debounce.js';
export { KEPT_PLANE_DIR } from './cluster.js';
export { DevPrinter } from './printer.js';
export { DevProjectError, type DevOptions, runDev } from './session.js';
