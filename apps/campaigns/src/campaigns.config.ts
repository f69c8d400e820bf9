import { PlatformConfig } from '#common';

/** The campaigns service's configuration (split mode reads it; the monolith reads it too). */
export class CampaignsConfig extends PlatformConfig {
  override PORT: number = 3001;
  override SERVICE_NAME: string = 'campaigns';
}
