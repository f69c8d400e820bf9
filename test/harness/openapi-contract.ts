import AjvModule, { type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import Router from 'find-my-way';
import type { TestResponse } from './http.js';

/** The parts of an OpenAPI 3.0 document (as @nestjs/swagger writes it) that the contract reads. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, OpenApiResponse>;
}

interface OpenApiResponse {
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema?: unknown }>;
}

interface Route {
  template: string;
  method: string;
  operation: OpenApiOperation;
}

/**
 * Response headers no operation declares, because they are about the connection or the browser,
 * not the API: transport (Fastify/Node), the security policy helmet adds to every answer of every
 * process, and CORS (answers to a browser's origin, described by the CORS policy, not per operation).
 * `content-type` is checked against the operation's declared content instead.
 */
const GENERIC_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options',
  'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);
/** `Vary: Origin` alone is the CORS plugin's; any other Vary is the operation's and must be declared. */
const isGeneric = (name: string, value: string) => GENERIC_HEADERS.has(name) || name.startsWith('access-control-') || (name === 'vary' && value === 'Origin');

const PROBLEM = 'application/problem+json';

/** A JSON pointer as a URI fragment, as Ajv resolves `$ref`s. */
const pointer = (...segments: string[]) => '#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/**
 * The served OpenAPI document as a contract every answer the e2e suite receives is checked
 * against: the status is declared for the operation, the body matches the declared content type
 * and schema (Ajv, the maintained JSON Schema validator; OpenAPI 3.0's `nullable` is an Ajv
 * keyword), errors are problem+json, every non-generic header is declared and every required
 * one sent. Answers the document cannot describe are skipped: paths and methods it has no
 * operation for (probes, metrics, docs, dashboards, unknown routes, HEAD) and HEAD bodies.
 */
export class OpenApiContract {
  private readonly router = Router();
  private readonly ajv = new AjvModule.Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly mismatches = new Map<string, string>();

  constructor(readonly document: OpenApiDocument) {
    formats.default(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const route: Route = { template, method, operation };
        this.router.on(method.toUpperCase() as never, template.replace(/\{([^}]+)\}/g, ':$1'), () => undefined, route);
      }
    }
  }

  static async load(baseUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${baseUrl}/docs-json`);
    if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
    return new OpenApiContract((await response.json()) as OpenApiDocument);
  }

  /** The operation a request reaches, if the document has one. */
  route(method: string, path: string): Route | undefined {
    return (this.router.find(method.toUpperCase() as never, path.split('?')[0]!)?.store as Route | undefined) ?? undefined;
  }

  check(method: string, path: string, response: TestResponse): void {
    if (method.toUpperCase() === 'HEAD') return;
    const route = this.route(method, path);
    if (!route) return;
    for (const issue of this.issues(route, response)) {
      const key = `${route.method.toUpperCase()} ${route.template} → ${response.status}: ${issue}`;
      if (!this.mismatches.has(key)) this.mismatches.set(key, `${key}\n    (first seen on ${method.toUpperCase()} ${path})`);
    }
  }

  /** Fails with every mismatch seen, once per operation, status and issue. */
  assertNoMismatches(): void {
    if (this.mismatches.size === 0) return;
    const lines = [...this.mismatches.values()];
    throw new Error(`${lines.length} answer(s) differ from /docs-json:\n  ${lines.join('\n  ')}`);
  }

  private issues(route: Route, response: TestResponse): string[] {
    const status = String(response.status);
    const declared = route.operation.responses[status] ?? route.operation.responses[`${status[0]}XX`] ?? route.operation.responses.default;
    if (!declared) return [`status ${status} not declared (declared: ${Object.keys(route.operation.responses).join(', ')})`];
    const key = route.operation.responses[status] ? status : route.operation.responses[`${status[0]}XX`] ? `${status[0]}XX` : 'default';
    return [...this.headerIssues(declared, response), ...this.bodyIssues(route, key, declared, response)];
  }

  private headerIssues(declared: OpenApiResponse, response: TestResponse): string[] {
    const names = new Map(Object.entries(declared.headers ?? {}).map(([name, header]) => [name.toLowerCase(), header]));
    const sent = [...response.headers.keys()].map((name) => name.toLowerCase());
    const undeclared = sent.filter((name) => !isGeneric(name, response.headers.get(name)!) && !names.has(name)).map((name) => `header "${name}" not declared`);
    const missing = [...names].filter(([name, header]) => header.required && !sent.includes(name)).map(([name]) => `required header "${name}" not sent`);
    return [...undeclared, ...missing];
  }

  private bodyIssues(route: Route, key: string, declared: OpenApiResponse, response: TestResponse): string[] {
    const types = Object.keys(declared.content ?? {});
    if (response.text === '') return types.length > 0 ? [`no body, but the document declares ${types.join(', ')}`] : [];
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (response.status >= 400 && type !== PROBLEM) return [`error answered as "${type}", not ${PROBLEM}`];
    if (!declared.content?.[type]) return [`body of type "${type}" not declared (declared: ${types.join(', ') || 'no body'})`];
    if (!declared.content[type]!.schema) return [];
    const validate = this.validator(pointer('paths', route.template, route.method, 'responses', key, 'content', type, 'schema'));
    if (validate(response.body)) return [];
    // Item indices collapsed, so one defect of a list is reported once.
    return (validate.errors ?? []).map((e) => `body${e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  }

  private validator(fragment: string): ValidateFunction {
    let validate = this.validators.get(fragment);
    if (!validate) this.validators.set(fragment, (validate = this.ajv.compile({ $ref: `openapi${fragment}` })));
    return validate;
  }
}
