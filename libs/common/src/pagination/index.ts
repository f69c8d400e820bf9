export * from './cursor-page.js';
