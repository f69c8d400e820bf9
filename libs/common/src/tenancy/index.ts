export * from './tenant-scope.js';
