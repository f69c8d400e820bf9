/**
 * The architecture's import rules, checked by `npm test`:
 * - apps never import other apps, except the monolith's composition root, which may import
 *   each app's root module and nothing deeper;
 * - libs never import apps.
 */
module.exports = {
  forbidden: [
    {
      name: 'app-imports-another-app',
      severity: 'error',
      comment: 'Apps talk through libs/messaging, never by importing each other.',
      from: { path: '^apps/(gateway|campaigns|jobs)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'monolith-imports-app-internals',
      severity: 'error',
      comment: 'The composition root may import each app\'s root module (apps/<app>/src/<app>-app.module.ts) only.',
      from: { path: '^apps/monolith/' },
      to: { path: '^apps/(gateway|campaigns|jobs)/', pathNot: '^apps/([^/]+)/src/[^/]+-app\\.module\\.ts$' },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'Libraries are shared by every app and must not depend on one.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { conditionNames: ['source', 'import', 'node', 'require', 'default'], exportsFields: ['exports'], extensions: ['.ts', '.js'] },
  },
};
