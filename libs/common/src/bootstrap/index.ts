export * from './http-app.js';
export * from './process.js';
export * from './http-edge.js';
export { endRequestSpan } from './http-observability.js';
