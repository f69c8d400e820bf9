// (a) of the benchmark: a bare Fastify server answering the exact bytes and headers that
// GET /v1/campaign-events/live answers in (b), with no framework, auth, cache or logging.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [port, bodyFile] = process.argv.slice(2);
const body = readFileSync(bodyFile, 'utf8');
const app = Fastify({ logger: false });
app.get('/v1/campaign-events/live', (_request, reply) => {
  void reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'private, max-age=5')
    .header('vary', 'Authorization, X-Api-Key')
    .header('etag', '"bare"')
    .send(body);
});
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.send?.('ready');
