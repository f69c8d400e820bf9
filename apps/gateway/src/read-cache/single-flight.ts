/**
 * One load per key at a time: callers asking for a key while its load runs share that load's
 * outcome (value or error) instead of starting another (no stampede on the service when a hot
 * entry expires). The key includes the tenant's cache generation, so a read that starts after
 * an invalidation never joins a load that started before it (read-your-write).
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  run(key: string, load: () => Promise<T>): Promise<T> {
    const current = this.running.get(key);
    if (current) return current;
    // The load starts on the next microtask, after the map holds it, so even a load that throws
    // at once is removed from the map when it settles.
    const started = Promise.resolve()
      .then(load)
      .finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }

  get size(): number {
    return this.running.size;
  }
}
