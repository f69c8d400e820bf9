import { describe, expect, it } from '@jest/globals';
import { RouteTable } from './route-table.js';

describe('RouteTable', () => {
  const routes = new RouteTable();
  routes.add(['GET', 'HEAD'], '/v1/campaign-events/:id');
  routes.add('PATCH', '/v1/campaign-events/:id');
  routes.add('OPTIONS', '*');

  it('lists the methods a concrete path answers, OPTIONS included, ignoring the query string', () => {
    expect(routes.allowedMethods('/v1/campaign-events/123?x=1')).toEqual(['GET', 'HEAD', 'PATCH', 'OPTIONS']);
  });

  it('knows no path the routes do not declare: a catch-all OPTIONS route, a trailing slash or another case do not count', () => {
    for (const path of ['/', '/v1/unknown', '/v1/campaign-events/', '/v1/campaign-events/123/', '/V1/campaign-events/123']) expect(routes.allowedMethods(path)).toEqual([]);
  });
});
