import { Entity, Index } from 'typeorm';
import { ScheduledItemEntity } from './scheduled-item.entity.js';

/** A row of `marketing.campaigns`. The migration is the source of truth for constraints and indexes. */
@Entity({ name: 'campaigns', schema: 'marketing' })
@Index('campaigns_by_start', ['tenant', 'startDate', 'id'])
@Index('campaigns_by_end', ['tenant', 'endDate', 'startDate'])
export class CampaignEntity extends ScheduledItemEntity {}
