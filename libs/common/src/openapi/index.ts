export * from './api-problems.js';
