import { jest } from '@jest/globals';

// Browser journeys start the product, an identity provider and Chromium: 120 s per test and hook.
// (A project's own `testTimeout` is not applied by Jest 30, whose runner reads only the global one.)
jest.setTimeout(120_000);
