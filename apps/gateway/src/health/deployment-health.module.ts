import { Module } from '@nestjs/common';
import { CheckDeploymentHealth } from './application/check-deployment-health.use-case.js';
import { DeploymentHealthController } from './http/deployment-health.controller.js';

/** The whole deployment's health as the gateway sees it (`/health`): its own and each service's. */
@Module({ controllers: [DeploymentHealthController], providers: [CheckDeploymentHealth] })
export class DeploymentHealthModule {}
