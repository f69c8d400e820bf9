export * from './problem.filter.js';
export * from './request-id.js';
export * from './route-table.js';
export * from './to-app-error.js';
export * from './validation.pipe.js';
export * from './json-body.js';
export * from './client-error.js';
export * from './security-headers.js';
