/**
 * Where a request of a given type goes: one stream per service, named by the type's prefix,
 * `<prefix>:{rpc:<service>}`. Its own hash tag keeps a service's stream, consumer group and the
 * transaction that acknowledges and deletes an entry in one slot of a Redis Cluster, and spreads
 * services over the cluster.
 */
export function requestStream(key: (...parts: string[]) => string, type: string): string {
  return key(`{rpc:${type.split('.')[0] ?? type}}`);
}

export function replyChannel(key: (...parts: string[]) => string, clientId: string): string {
  return key('rpc', 'reply', clientId);
}

/** Every replica of a service reads its request stream in this one consumer group. */
export const REPLICAS_GROUP = 'replicas';
