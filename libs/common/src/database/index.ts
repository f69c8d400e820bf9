export * from './app-database.js';
export * from './database-errors.js';
export * from './database.module.js';
export * from './ensure-database.js';
export * from './migrate-schema.js';
export * from './connected-repository.js';
export * from './storable-text.js';
export * from './delete-older.js';
