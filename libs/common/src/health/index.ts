export * from './health.controller.js';
export * from './health.service.js';
