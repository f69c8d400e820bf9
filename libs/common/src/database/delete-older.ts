import type { DataSource } from 'typeorm';

/**
 * Retention: deletes the rows of `table` whose `column` is more than `days` old, `batch` rows
 * per statement (a short lock each, not one long delete), and returns how many went. `table`
 * and `column` are the caller's constants, never input.
 */
export async function deleteOlderThan(dataSource: DataSource, table: string, column: string, days: number, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted] = await dataSource.query(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${column} < now() - make_interval(days => $1) LIMIT $2)`, [days, batch]);
    total += Number(deleted ?? 0);
    if (Number(deleted ?? 0) < batch) return total;
  }
}
