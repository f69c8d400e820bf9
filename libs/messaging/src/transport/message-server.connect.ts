import type { INestApplication } from '@nestjs/common';
import { EventConsumers } from '../events/event-consumers.js';
import { MessageServer } from './message.server.js';

/**
 * Serves this process's @MessagePattern handlers over its transport and starts its event
 * consumers, once the container's init hooks have run (connections, migrations' start-up task):
 * the hybrid application's normal path, so each hook runs once.
 *
 * The microservice inherits the application's enhancers: the one global exception filter
 * (ProblemFilter) hands a message handler's error back as it was thrown, for MessageServer to
 * encode with the codec and to log when unexpected; HTTP-only enhancers step aside outside HTTP.
 */
export async function serveMessageHandlers(app: INestApplication): Promise<void> {
  app.connectMicroservice({ strategy: app.get(MessageServer) }, { inheritAppConfig: true });
  await app.init();
  await app.startAllMicroservices();
  app.get(EventConsumers).start(app.get(MessageServer));
}
