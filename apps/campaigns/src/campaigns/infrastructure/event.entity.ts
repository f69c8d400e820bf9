import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `marketing.events`: one event of a campaign of the same tenant. */
@Entity({ name: 'events', schema: 'marketing' })
@Index('events_by_campaign', ['tenant', 'campaignId', 'startDate', 'id'])
@Index('events_by_start', ['tenant', 'startDate', 'id'])
@Index('events_by_end', ['tenant', 'endDate', 'startDate'])
export class EventEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  tenant: string;

  @Column('uuid', { name: 'campaign_id' })
  campaignId: string;

  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  description: string | null;

  @Column('timestamptz', { name: 'start_date' })
  startDate: Date;

  @Column('timestamptz', { name: 'end_date' })
  endDate: Date;

  @Column('integer')
  version: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;
}
