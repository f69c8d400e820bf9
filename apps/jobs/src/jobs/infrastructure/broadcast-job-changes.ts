import { Injectable } from '@nestjs/common';
import { Broadcaster, JOB_CHANGES_TOPIC, type JobsChanged } from '#messaging';
import { JobChangeAnnouncer } from '../application/job-change-announcer.port.js';

/** Job changes on the broadcast channel every gateway replica listens to (JOB_CHANGES_TOPIC). */
@Injectable()
export class BroadcastJobChanges implements JobChangeAnnouncer {
  constructor(private readonly broadcaster: Broadcaster) {}

  announce(jobIds: string[]): void {
    if (jobIds.length > 0) void this.broadcaster.publish<JobsChanged>(JOB_CHANGES_TOPIC, { ids: jobIds });
  }
}
