import pg from 'pg';

const created = new Map<string, Promise<void>>();

/**
 * Development convenience: creates the database named in the URL if it does not exist, by
 * connecting to the server's `postgres` database. Production databases are provisioned.
 */
export function ensureDatabase(url: string): Promise<void> {
  let pending = created.get(url);
  if (!pending) {
    pending = createIfMissing(url).catch((error) => {
      created.delete(url);
      throw error;
    });
    created.set(url, pending);
  }
  return pending;
}

async function createIfMissing(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) return;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}
