/** batch/v1: Jobs and CronJobs. */
import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { type BuiltinObject, defineBuiltin } from './define-builtin.js';

const batch = { group: 'batch', version: 'v1', namespaced: true, categories: ['all'] } as const;

export interface Job extends BuiltinObject<V1Job, 'batch/v1', 'Job'> {}
export const Job = defineBuiltin<Job>({ ...batch, kind: 'Job', plural: 'jobs', singular: 'job' });

export interface CronJob extends BuiltinObject<V1CronJob, 'batch/v1', 'CronJob'> {}
export const CronJob = defineBuiltin<CronJob>({ ...batch, kind: 'CronJob', plural: 'cronjobs', singular: 'cronjob', shortNames: ['cj'] });
