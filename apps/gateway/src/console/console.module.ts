import { DynamicModule, Module } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IssueDevToken } from './application/issue-dev-token.use-case.js';
import { type ConsoleOptions, ConsoleSettings } from './console.settings.js';
import { DevSignInWarning } from './dev-sign-in.warning.js';
import { ConsoleConfigController } from './http/console-config.controller.js';
import { ConsoleHeaders } from './http/console-headers.interceptor.js';
import { ConsoleSite } from './http/console-site.js';
import { DevSignInController } from './http/dev-sign-in.controller.js';

/**
 * The server side of the staff console (the React SPA built into dist/console): its files at
 * /console with their cache headers and a strict CSP of their own, `GET /console/config.json`
 * (how to sign in, where the queue dashboard is) and, in development without an identity
 * provider only, the development sign-in `POST /console/dev-token`. None of it is part of the
 * API's OpenAPI document: the console calls the API like any client (GET /v1/me first).
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: GatewayConfig, options: ConsoleOptions = {}): DynamicModule {
    // Decided here, once: when the dev sign-in is off its route is not registered at all.
    const devSignIn = config.devSignIn;
    return {
      module: ConsoleModule,
      imports: devSignIn ? [IdentityModule] : [],
      controllers: devSignIn ? [ConsoleConfigController, DevSignInController] : [ConsoleConfigController],
      providers: [
        { provide: ConsoleSettings, useValue: new ConsoleSettings(config, options) },
        ConsoleHeaders,
        ConsoleSite,
        ...(devSignIn ? [IssueDevToken, DevSignInWarning] : []),
      ],
    };
  }
}
