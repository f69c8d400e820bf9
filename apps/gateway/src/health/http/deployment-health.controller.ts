import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CheckDeploymentHealth, DeploymentHealth } from '../application/check-deployment-health.use-case.js';

@ApiExcludeController()
@Controller('health')
export class DeploymentHealthController {
  constructor(private readonly checkDeploymentHealth: CheckDeploymentHealth) {}

  @Get()
  async check(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<DeploymentHealth> {
    const health = await this.checkDeploymentHealth.execute(String(request.id));
    void reply.status(health.status === 'down' ? 503 : 200).header('cache-control', 'no-store');
    return health;
  }
}
