export * from './config.loader.js';
export * from './platform.config.js';
