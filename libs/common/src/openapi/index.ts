export * from './api-problems.js';
export * from './headers.js';
export * from './links.js';
export * from './request-bodies.js';
