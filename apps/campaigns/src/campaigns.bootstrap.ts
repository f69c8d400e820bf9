import { loadConfig, RunningApp } from '#common';
import { ServiceProcessOptions, startServiceProcess } from '#messaging';
import { CampaignsAppModule } from './campaigns-app.module.js';
import { CampaignsConfig } from './campaigns.config.js';

export interface BootstrapOptions extends ServiceProcessOptions {
  env?: NodeJS.ProcessEnv;
}

/** The campaigns service alone (split mode). */
export async function bootstrap({ env = process.env, ...options }: BootstrapOptions = {}): Promise<RunningApp> {
  return startServiceProcess(loadConfig(CampaignsConfig, env), CampaignsAppModule.forRoot(env), options);
}
