import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { AppError, statusOf, toProblem, ValidationError } from '../errors/index.js';
import { newRequestId } from './request-id.js';
import type { RouteTable } from './route-table.js';

/** As Node's `clientError` event gives it (Fastify types `rawPacket` as its JSON form). */
type ClientError = Error & { code?: string; reason?: string; rawPacket?: unknown };

const REQUEST_LINE = /^([^\s]+) (\/[^\s]*) HTTP\/1\.[01]\r?\n/;

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a control byte in a
 * header, Content-Length with chunked, headers over the limit, an unknown method): Fastify's
 * own answer there is plain JSON. This answers them as problem+json like every other error,
 * naming the path when the request line could be read.
 */
export function clientErrorHandler(routes: RouteTable): (error: ClientError, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const [, method, path = '/'] = REQUEST_LINE.exec(Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '') ?? [];
    const { problem: cause, headers } = describe(error, method, path, routes);
    const body = JSON.stringify(toProblem(cause, path.split('?')[0]!, newRequestId()));
    const status = statusOf(cause.kind);
    if (socket.writable) {
      const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, 'Content-Type: application/problem+json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...headers];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroy(error);
  };
}

function describe(error: ClientError, method: string | undefined, path: string, routes: RouteTable): { problem: AppError; headers: string[] } {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { problem: new AppError('request_timeout', 'REQUEST_TIMEOUT', 'The request was not received in time.'), headers: [] };
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return { problem: new AppError('headers_too_large', 'HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.'), headers: [] };
  }
  if (error.code === 'HPE_INVALID_METHOD' && method) {
    const allowed = routes.allowedMethods(path);
    if (allowed.length === 0) return { problem: new AppError('not_found', 'ROUTE_NOT_FOUND', 'No such route.'), headers: [] };
    return {
      problem: new AppError('method_not_allowed', 'METHOD_NOT_ALLOWED', `${method.slice(0, 20)} is not allowed here; use ${allowed.join(', ')}.`),
      headers: [`Allow: ${allowed.join(', ')}`],
    };
  }
  const reason = typeof error.reason === 'string' && /^[\w .,'-]{1,100}$/.test(error.reason) ? ` (${error.reason})` : '';
  const problem = ValidationError.field('request', `is not a valid HTTP/1.1 request${reason}`);
  return { problem: new AppError('invalid', 'MALFORMED_REQUEST', problem.message, problem.details), headers: [] };
}
