import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `marketing.campaigns`. The migration is the source of truth for constraints and indexes. */
@Entity({ name: 'campaigns', schema: 'marketing' })
@Index('campaigns_by_start', ['tenant', 'startDate', 'id'])
@Index('campaigns_by_end', ['tenant', 'endDate', 'startDate'])
export class CampaignEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  tenant: string;

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
