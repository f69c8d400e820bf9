export * from './uuid.js';
export * from './stable-hash.js';
