export * from './http-app.js';
export * from './process.js';
