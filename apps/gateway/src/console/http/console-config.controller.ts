import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type ConsoleClientConfig, ConsoleSettings } from '../console.settings.js';
import { ConsoleHeaders } from './console-headers.interceptor.js';

/** `GET /console/config.json`: public, read by the console before anyone signs in. Not part of the API's document. */
@ApiExcludeController()
@UseInterceptors(ConsoleHeaders)
@Controller('console')
export class ConsoleConfigController {
  constructor(private readonly settings: ConsoleSettings) {}

  @Get('config.json')
  config(): Readonly<ConsoleClientConfig> {
    return this.settings.clientConfig;
  }
}
