/**
 * The architecture's import rules, checked by `npm test`:
 * - apps never import other apps, except the monolith's composition root, which may import
 *   each app's root module and nothing deeper;
 * - libs never import apps;
 * - the staff console (apps/console, a browser app) and the server never import each other;
 * - inside a module (apps/<app>/src/<module>/), layers point inwards: domain/ imports nothing of
 *   application/, infrastructure/ or the doors (http/, messaging/); application/ reaches
 *   infrastructure only through the ports it owns, so it imports neither infrastructure/ nor the doors;
 * - the gateway's feature folders depend one way: campaigns/ owns the read model's port and
 *   read-cache/ implements it; auth/ reads identity/; access/ (the @Access and @Ctx decorators
 *   every controller uses) depends on no other feature folder;
 * - no import cycles.
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
      name: 'console-imports-server-code',
      severity: 'error',
      comment: 'The staff console is a browser app: it talks to the product through the public REST API only (its generated client), never through server code.',
      from: { path: '^apps/console/' },
      to: { path: '^(apps/(?!console/)|libs/)' },
    },
    {
      name: 'server-imports-console',
      severity: 'error',
      comment: 'The server serves the console\'s built files; it never imports its sources.',
      from: { path: '^(apps/(?!console/)|libs/)' },
      to: { path: '^apps/console/' },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment: 'Libraries are shared by every app and must not depend on one.',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-outer-layer',
      severity: 'error',
      comment: 'The domain is plain rules: it knows no use case, no database and no transport.',
      from: { path: '^apps/[^/]+/src/[^/]+/domain/' },
      to: { path: '^apps/[^/]+/src/[^/]+/(application|infrastructure|http|messaging)/' },
    },
    {
      name: 'application-imports-infrastructure',
      severity: 'error',
      comment: 'Use cases reach infrastructure through ports (abstract classes in application/), bound in the module; they know no door.',
      from: { path: '^apps/[^/]+/src/[^/]+/application/' },
      to: { path: '^apps/[^/]+/src/[^/]+/(infrastructure|http|messaging)/' },
    },
    {
      name: 'gateway-campaigns-imports-read-cache',
      severity: 'error',
      comment: 'Controllers read through the CampaignReadModel port; the read cache implements it.',
      from: { path: '^apps/gateway/src/campaigns/' },
      to: { path: '^apps/gateway/src/read-cache/' },
    },
    {
      name: 'gateway-identity-imports-auth',
      severity: 'error',
      comment: 'Authentication reads the identity directory, never the other way.',
      from: { path: '^apps/gateway/src/identity/' },
      to: { path: '^apps/gateway/src/auth/' },
    },
    {
      name: 'gateway-access-imports-feature',
      severity: 'error',
      comment: 'The access decorators are a leaf every controller uses.',
      from: { path: '^apps/gateway/src/access/' },
      to: { path: '^apps/gateway/src/[^/]+/', pathNot: '^apps/gateway/src/access/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two files one: change one and both move.',
      from: {},
      to: { circular: true },
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
    enhancedResolveOptions: { conditionNames: ['source', 'import', 'node', 'require', 'default'], exportsFields: ['exports'], extensions: ['.ts', '.tsx', '.d.ts', '.js'] },
  },
};
