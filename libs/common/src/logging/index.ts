export * from './logging.module.js';
export * from './process.logger.js';
export * from './startup-summary.js';
