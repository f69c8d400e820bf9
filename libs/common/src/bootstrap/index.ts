export * from './http-app.js';
export * from './process.js';
export * from './http-edge.js';
