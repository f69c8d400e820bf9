export * from './database-errors.js';
export * from './database.module.js';
export * from './ensure-database.js';
