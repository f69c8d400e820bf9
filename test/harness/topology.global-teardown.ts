/** Stops what topology.global-setup.ts started. */
export default async function stopTopology(): Promise<void> {
  const running = (globalThis as { e2eTopology?: Array<{ destroy(): unknown }> }).e2eTopology ?? [];
  for (const server of running) await server.destroy();
}
