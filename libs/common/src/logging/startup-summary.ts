import type { PlatformConfig } from '../config/index.js';
import type { DependencyHealth } from '../health/index.js';
import { redisLocation } from '../redis/redis-topology.js';

const SCHEMA_TASK = 'postgres:';

export interface StartupState {
  /** The "listening on …" line. */
  listening: string;
  /** HealthService's finished start-up tasks (`postgres:<schema>` once a schema is connected and migrated). */
  finishedStartupTasks: string[];
  /** Readiness of each dependency at the moment the process became ready. */
  dependencies: Record<string, DependencyHealth>;
}

/**
 * The few plain lines a developer who ran `npm start` reads, written once the process is ready
 * (listening, migrations applied): after the JSON logs, so they are what the terminal shows last.
 * Where it listens, what it connected to (never a password), what it migrated.
 */
export function startupSummary(config: PlatformConfig, state: StartupState): string {
  const database = new URL(config.DATABASE_URL);
  const user = decodeURIComponent(database.username);
  const schemas = state.finishedStartupTasks.filter((task) => task.startsWith(SCHEMA_TASK)).map((task) => task.slice(SCHEMA_TASK.length)).sort();
  const lines = [
    `${config.SERVICE_NAME} ready: ${state.listening}`,
    `  PostgreSQL  ${hostAndPort(database, 5432)}, database ${decodeURIComponent(database.pathname.slice(1))}${user ? `, user ${user}` : ''}${down(state.dependencies.postgres)}`,
    `  Redis       ${redisLocation(config.redisTopology)}, key prefix ${config.REDIS_PREFIX}${down(state.dependencies.redis)}`,
    `  migrations  ${migrations(config, schemas)}`,
    `  logs        JSON at LOG_LEVEL=${config.LOG_LEVEL}; Nest's start-up lines at debug in development`,
  ];
  return `${lines.join('\n')}\n`;
}

function hostAndPort(url: URL, defaultPort: number): string {
  return `${url.hostname}:${url.port || defaultPort}`;
}

/** Ready does not mean every dependency answers (a degraded process serves what it can): say so. */
function down(dependency: DependencyHealth | undefined): string {
  return dependency?.status === 'down' ? `; NOT ANSWERING (${dependency.error}), the process runs degraded` : '';
}

function migrations(config: PlatformConfig, schemas: string[]): string {
  const named = schemas.length > 0 ? `schema${schemas.length > 1 ? 's' : ''} ${schemas.join(', ')}` : 'no schema';
  return config.MIGRATIONS === 'auto' ? `applied, ${named} up to date` : `MIGRATIONS=off: not applied by this process (npm run migrate applies them); ${named} connected`;
}
