import { describe, expect, it } from '@jest/globals';
import { clusterOptions, describeRedis, parseAddressList, redisTopology, redisTopologyProblems, sentinelOptions, urlConnectionOptions } from './redis-topology.js';

const settings = (over: Partial<Record<'REDIS_URL' | 'REDIS_SENTINELS' | 'REDIS_SENTINEL_NAME' | 'REDIS_CLUSTER_NODES', string>> = {}) => ({
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_SENTINELS: '',
  REDIS_SENTINEL_NAME: '',
  REDIS_CLUSTER_NODES: '',
  ...over,
});

describe('Redis topology settings', () => {
  it('reads host:port lists, IPv6 in brackets, and refuses anything else', () => {
    expect(parseAddressList('s1:26379, 10.0.0.2:26380,[::1]:26381')).toEqual([
      { host: 's1', port: 26379 },
      { host: '10.0.0.2', port: 26380 },
      { host: '::1', port: 26381 },
    ]);
    for (const bad of ['', ' , ', 's1', 's1:0', 's1:65536', 'redis://s1:26379', '::1:26379', 's1:26379;s2:26379']) expect(parseAddressList(bad)).toBeNull();
  });

  it('chooses one topology: Sentinel, Cluster, else the single server of REDIS_URL', () => {
    expect(redisTopology(settings())).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(redisTopology(settings({ REDIS_SENTINELS: 'a:1,b:2', REDIS_SENTINEL_NAME: 'main' }))).toMatchObject({ kind: 'sentinel', name: 'main', sentinels: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }] });
    expect(redisTopology(settings({ REDIS_CLUSTER_NODES: 'n1:7000' }))).toMatchObject({ kind: 'cluster', nodes: [{ host: 'n1', port: 7000 }] });
  });

  it('names the mistakes between settings', () => {
    expect(redisTopologyProblems(settings())).toEqual([]);
    expect(redisTopologyProblems(settings({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'main' }))).toEqual([]);
    expect(redisTopologyProblems(settings({ REDIS_SENTINELS: 'a:1' }))).toEqual([expect.stringContaining('REDIS_SENTINEL_NAME must name the primary')]);
    expect(redisTopologyProblems(settings({ REDIS_SENTINEL_NAME: 'main' }))).toEqual([expect.stringContaining('REDIS_SENTINELS is not')]);
    expect(redisTopologyProblems(settings({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'main', REDIS_CLUSTER_NODES: 'n:1' }))).toEqual([expect.stringContaining('exclude each other')]);
  });

  it('takes credentials, TLS and the database number from REDIS_URL, never its host', () => {
    expect(urlConnectionOptions('rediss://app:p%40ss@ignored:1/3')).toEqual({ username: 'app', password: 'p@ss', tls: {}, db: 3 });
    expect(urlConnectionOptions('redis://127.0.0.1:6379')).toEqual({});
    const topology = redisTopology(settings({ REDIS_URL: 'redis://:secret@ignored:1', REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'main' }));
    if (topology.kind !== 'sentinel') throw new Error('expected Sentinel');
    const options = sentinelOptions(topology, { connectionName: 'x' });
    expect(options).toMatchObject({ password: 'secret', name: 'main', sentinels: [{ host: 'a', port: 1 }], connectionName: 'x' });
    expect(options.failoverDetector).toBeUndefined();
    expect(options.reconnectOnError!(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(options.reconnectOnError!(new Error('ERR wrong number of arguments'))).toBe(false);
    expect(options.host).toBeUndefined();
  });

  it('gives each cluster node the credentials and connection options, never a database number', () => {
    const topology = redisTopology(settings({ REDIS_URL: 'rediss://app:secret@ignored:1/3', REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' }));
    if (topology.kind !== 'cluster') throw new Error('expected a cluster');
    const options = clusterOptions(topology, { connectionName: 'x', enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(options.redisOptions).toEqual({ username: 'app', password: 'secret', tls: {}, connectionName: 'x', enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(options).toMatchObject({ enableOfflineQueue: false, shardedSubscribers: true });
  });

  it('describes where Redis is without a password', () => {
    expect(describeRedis(redisTopology(settings({ REDIS_URL: 'redis://:pw@cache:6380' })))).toBe('Redis at cache:6380');
    expect(describeRedis(redisTopology(settings({ REDIS_URL: 'redis://:pw@x:1', REDIS_SENTINELS: 'a:1,[::1]:2', REDIS_SENTINEL_NAME: 'main' })))).toBe('Redis primary "main" via sentinels a:1, [::1]:2');
    expect(describeRedis(redisTopology(settings({ REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' })))).toBe('Redis cluster via nodes n1:7000, n2:7001');
  });
});
