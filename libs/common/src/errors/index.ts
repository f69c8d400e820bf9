export * from './app.error.js';
export * from './problem.js';
export * from './normalize-error.js';
