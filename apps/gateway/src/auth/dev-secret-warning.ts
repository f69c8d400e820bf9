import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { GatewayConfig } from '../gateway.config.js';

/** Says at start when staff tokens are checked with the published development secret. */
@Injectable()
export class DevelopmentSecretWarning implements OnApplicationBootstrap {
  constructor(private readonly config: GatewayConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.usesDevelopmentSecret && !this.config.JWT_JWKS_URL && this.config.NODE_ENV !== 'test') {
      new Logger('Auth').warn(
        'JWT_SECRET is not set: staff tokens are checked with the development secret written in docs/auth.md. ' +
          'Anyone can sign tokens with it; set JWT_SECRET outside development (NODE_ENV=production refuses to start without it).',
      );
    }
  }
}
