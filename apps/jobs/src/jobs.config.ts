import { PlatformConfig } from '#common';

/** The jobs service's configuration (split mode reads it; the monolith reads it too). */
export class JobsConfig extends PlatformConfig {
  override PORT: number = 3002;
  override SERVICE_NAME: string = 'jobs';
}
