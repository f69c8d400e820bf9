import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { EventConsumers } from '../events/event-consumers.js';
import { MessageServer } from './message.server.js';

/**
 * Message handlers' errors reach MessageServer as they were thrown, never as Nest's generic RPC
 * error: it encodes them with the codec and logs the unexpected ones with their stack (events:
 * the consumer logs each failure), which an error encoded here would have lost.
 */
@Catch()
export class PassThroughRpcFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}

/**
 * Serves this process's @MessagePattern handlers over its transport and starts its event consumers.
 * Deferred initialisation lets that filter be registered before the microservice starts; the
 * price is that Nest runs the container's init hooks once more then, so those hooks are written
 * to run once.
 */
export async function serveMessageHandlers(app: INestApplication): Promise<void> {
  const microservice = app.connectMicroservice({ strategy: app.get(MessageServer) }, { inheritAppConfig: false, deferInitialization: true });
  microservice.useGlobalFilters(new PassThroughRpcFilter());
  await app.startAllMicroservices();
  app.get(EventConsumers).start(app.get(MessageServer));
}
