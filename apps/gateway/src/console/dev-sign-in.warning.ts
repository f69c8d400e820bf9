import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';

/** Says at start that anyone who reaches this process can sign in to the console as anyone. */
@Injectable()
export class DevSignInWarning implements OnApplicationBootstrap {
  onApplicationBootstrap(): void {
    new Logger('Console').warn(
      'The console\'s development sign-in is on (NODE_ENV=development, JWT_JWKS_URL and JWT_SECRET unset): POST /console/dev-token signs ' +
        'a staff token for any tenant and role with the published development secret. Set NODE_ENV=production anywhere but on a developer\'s machine.',
    );
  }
}
