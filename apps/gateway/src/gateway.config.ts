import { PlatformConfig } from '#common';

/** The gateway's configuration (split mode reads it; the monolith reads it too). */
export class GatewayConfig extends PlatformConfig {
  override PORT: number = 3000;
  override SERVICE_NAME: string = 'gateway';
}
