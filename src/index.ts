// Everything manifest.yml names, and nothing else.

// resolvers
export { adminPageResolver } from './resolvers';

// queue consumers
export { jobRunner } from './triggers/jobRunner';
export { syncPlanRunner } from './triggers/syncPlanRunner';
export { previewLookup } from './triggers/previewLookup';

// scheduled triggers
export { jobWatchdog } from './triggers/jobWatchdog';
export { organizationSync } from './triggers/organizationSync';
