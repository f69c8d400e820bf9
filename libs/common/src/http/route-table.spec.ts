import { describe, expect, it } from '@jest/globals';
import { RouteTable } from './route-table.js';

describe('RouteTable', () => {
  it('lists the methods a concrete path answers, ignoring the query string', () => {
    const routes = new RouteTable();
    routes.add(['GET', 'HEAD'], '/v1/campaign-events/:id');
    routes.add('PATCH', '/v1/campaign-events/:id');
    expect(routes.allowedMethods('/v1/campaign-events/123?x=1')).toEqual(['GET', 'HEAD', 'PATCH']);
    expect(routes.allowedMethods('/v1/unknown')).toEqual([]);
  });
});
