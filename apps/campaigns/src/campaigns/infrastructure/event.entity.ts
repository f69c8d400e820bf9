import { Column, Entity, Index } from 'typeorm';
import { ScheduledItemEntity } from './scheduled-item.entity.js';

/** A row of `marketing.events`: one event of a campaign of the same tenant. */
@Entity({ name: 'events', schema: 'marketing' })
@Index('events_by_campaign', ['tenant', 'campaignId', 'startDate', 'id'])
@Index('events_by_start', ['tenant', 'startDate', 'id'])
@Index('events_by_end', ['tenant', 'endDate', 'startDate'])
export class EventEntity extends ScheduledItemEntity {
  @Column('uuid', { name: 'campaign_id' })
  campaignId: string;
}
