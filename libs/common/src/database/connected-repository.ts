import type { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { ServiceUnavailableError } from '../errors/index.js';

/**
 * An entity's repository, asked for at each use: while its DataSource is still connecting
 * (PostgreSQL closed at start), the answer is 503, as for an outage after start, instead of
 * TypeORM's "No metadata" error (metadata is built only when the DataSource connects).
 */
export function connectedRepository<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>): Repository<T> {
  if (!dataSource.isInitialized) throw new ServiceUnavailableError('The database is unavailable. Try again shortly.');
  return dataSource.getRepository(entity);
}
