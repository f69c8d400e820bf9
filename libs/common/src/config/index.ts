export * from './config.loader.js';
export * from './platform.config.js';
export * from './secret-strength.js';
export * from './int-setting.js';
