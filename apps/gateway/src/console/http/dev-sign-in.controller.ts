import { Body, Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IssueDevToken, type IssuedDevToken } from '../application/issue-dev-token.use-case.js';
import { ConsoleHeaders } from './console-headers.interceptor.js';
import { DevTokenBody } from './console.dto.js';

/**
 * `POST /console/dev-token`: the console's sign-in in development. Registered only when
 * GatewayConfig.devSignIn holds (see ConsoleModule): elsewhere the route does not exist and
 * answers 404 like any unknown route. Not part of the API's document.
 */
@ApiExcludeController()
@UseInterceptors(ConsoleHeaders)
@Controller('console')
export class DevSignInController {
  constructor(private readonly issueDevToken: IssueDevToken) {}

  @Post('dev-token')
  @HttpCode(200)
  issue(@Body() body: DevTokenBody): Promise<IssuedDevToken> {
    return this.issueDevToken.execute(body);
  }
}
