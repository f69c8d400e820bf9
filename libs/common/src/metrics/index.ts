export * from './metrics.controller.js';
export * from './metrics.service.js';
