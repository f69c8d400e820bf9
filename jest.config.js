// Jest runs the ESM sources directly: SWC transpiles TypeScript with the legacy decorators and
// the decorator metadata Nest's injection needs; Jest itself runs under --experimental-vm-modules.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
  },
];

// Packages that ship ESM but are require()d by CommonJS dependencies (Node 20 allows that; Jest's
// CommonJS loader does not), compiled to CommonJS for the tests only.
const ESM_REQUIRED_FROM_CJS = ['content-disposition'];

const shared = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': swc,
    [`node_modules/(${ESM_REQUIRED_FROM_CJS.join('|')})/.+\\.js$`]: ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_REQUIRED_FROM_CJS.join('|')})/)`],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^#common$': '<rootDir>/libs/common/src/index.ts',
    '^#messaging$': '<rootDir>/libs/messaging/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    // E2E_REDIS=cluster and E2E_POSTGRES=pgbouncer run the same suite on the production topology.
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/harness/topology.global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/topology.global-teardown.ts',
    },
    { ...shared, displayName: 'system', testMatch: ['<rootDir>/test/{integration,process,fault,deploy}/**/*.spec.ts'] },
    // A real Chromium (test/harness/browser.ts) against the product and a test identity provider.
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'], setupFilesAfterEnv: ['<rootDir>/test/browser/setup.ts'] },
  ],
};
