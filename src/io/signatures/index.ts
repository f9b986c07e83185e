export { tallyFiles, tallySources, type TallyResult, type TallySourcesOptions } from './tally-sources.js';
export { removeRejectsFile } from './rejects-file.js';
