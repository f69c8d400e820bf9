import { loadConfig, RunningApp } from '#common';
import { ServiceProcessOptions, startServiceProcess } from '#messaging';
import { JobsAppModule } from './jobs-app.module.js';
import { JobsConfig } from './jobs.config.js';

export interface BootstrapOptions extends ServiceProcessOptions {
  env?: NodeJS.ProcessEnv;
}

/** The jobs service alone (split mode). */
export async function bootstrap({ env = process.env, ...options }: BootstrapOptions = {}): Promise<RunningApp> {
  return startServiceProcess(loadConfig(JobsConfig, env), JobsAppModule.forRoot(env), options);
}
