import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '#common';
import { GatewayConfig } from '../gateway.config.js';
import { consoleCsp, ConsoleSettings, defaultConsoleDir } from './console.settings.js';

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));

describe('the console settings', () => {
  it('allow scripts from this origin only, and frames from nowhere without OIDC', () => {
    const csp = directives(consoleCsp(null));
    expect(csp['script-src']).toBe("'self'");
    expect(csp['style-src']).toBe("'self' 'unsafe-inline'");
    expect(csp['frame-src']).toBe("'none'");
    expect(csp['connect-src']).toBe("'self'");
    expect(csp['frame-ancestors']).toBe("'self'");
    expect(csp['object-src']).toBe("'none'");
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
  });

  it('add the issuer where oidc-client-ts needs it', () => {
    const csp = directives(consoleCsp('https://idp.example.com'));
    expect(csp['connect-src']).toBe("'self' https://idp.example.com");
    expect(csp['frame-src']).toBe("'self' https://idp.example.com");
    expect(csp['font-src']).toBe("'self' data:");
    expect(csp['form-action']).toBe("'self' https://idp.example.com");
    expect(csp['script-src']).toBe("'self'");
  });

  it('tell the console how to sign in and where the dashboard is', () => {
    const oidc = loadConfig(GatewayConfig, { NODE_ENV: 'test', CONSOLE_OIDC_ISSUER: 'https://idp.example.com/realms/x', CONSOLE_OIDC_CLIENT_ID: 'console' });
    expect(new ConsoleSettings(oidc).clientConfig).toEqual({
      oidc: { authority: 'https://idp.example.com/realms/x', clientId: 'console', scope: 'openid profile offline_access' },
      devSignIn: false,
      queueDashboardUrl: null,
    });
    const dev = loadConfig(GatewayConfig, {});
    expect(new ConsoleSettings(dev, { queueDashboardPath: '/admin/queues' }).clientConfig).toEqual({ oidc: null, devSignIn: true, queueDashboardUrl: '/admin/queues' });
    const linked = loadConfig(GatewayConfig, { CONSOLE_QUEUE_DASHBOARD_URL: 'https://jobs.example.com/admin/queues' });
    expect(new ConsoleSettings(linked, { queueDashboardPath: '/admin/queues' }).clientConfig.queueDashboardUrl).toBe('https://jobs.example.com/admin/queues');
  });

  it('find dist/console beside package.json, from the sources or from a build', () => {
    const root = mkdtempSync(join(tmpdir(), 'console-dir-'));
    try {
      writeFileSync(join(root, 'package.json'), '{}');
      const built = join(root, 'dist', 'apps', 'gateway', 'src', 'console');
      mkdirSync(built, { recursive: true });
      expect(defaultConsoleDir(built)).toBe(join(root, 'dist', 'console'));
      expect(defaultConsoleDir(join(root, 'apps', 'gateway', 'src', 'console'))).toBe(join(root, 'dist', 'console'));
      expect(defaultConsoleDir()).toBe(resolve('dist', 'console'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('take CONSOLE_DIR as given, made absolute', () => {
    expect(new ConsoleSettings(loadConfig(GatewayConfig, { CONSOLE_DIR: 'some/where' })).dir).toBe(resolve('some/where'));
  });
});
