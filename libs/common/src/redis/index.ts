export * from './redis-topology.js';
export * from './redis.service.js';
