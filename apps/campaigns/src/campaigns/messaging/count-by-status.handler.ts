import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CampaignsMessages, contextOf, type RequestEnvelope, type StatusCounts } from '#messaging';
import { CountByStatus } from '../application/count-by-status.use-case.js';

/** The door of the `campaigns.report` job: counts by status for the caller's tenant. */
@Controller()
export class CountByStatusHandler {
  constructor(private readonly countByStatus: CountByStatus) {}

  @MessagePattern(CampaignsMessages.countByStatus)
  onCountByStatus(envelope: RequestEnvelope<Record<string, never>>): Promise<StatusCounts> {
    return this.countByStatus.execute(contextOf(envelope));
  }
}
