import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import semver from 'semver';

interface LockedPackage { version?: string; engines?: { node?: string } | string[]; dev?: boolean }

const root = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockedPackage> };

/** The lowest Node version package.json promises, e.g. 20.19.0 for ">=20.19". */
const floor = semver.minVersion(root.engines.node)!;

describe('the Node version package.json promises', () => {
  it('is one every locked package supports, so npm ci on it prints no EBADENGINE warning', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, pkg]) => path !== '' && typeof pkg.engines === 'object' && !Array.isArray(pkg.engines) && pkg.engines.node)
      .filter(([, pkg]) => !semver.satisfies(floor, (pkg.engines as { node: string }).node))
      .map(([path, pkg]) => `${path.replace(/^.*node_modules\//, '')}@${pkg.version} wants node ${(pkg.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('is the one the images and .nvmrc use', () => {
    const dockerfile = readFileSync('docker/Dockerfile', 'utf8');
    const bases = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(bases.length).toBeGreaterThan(0);
    expect(new Set(bases)).toEqual(new Set([floor.major]));
    expect(readFileSync('.nvmrc', 'utf8').trim()).toBe(String(floor.major));
  });
});
