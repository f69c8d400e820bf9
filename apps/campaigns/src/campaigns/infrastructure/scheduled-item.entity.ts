import { Column, PrimaryColumn } from 'typeorm';

/**
 * The columns `marketing.campaigns` and `marketing.events` share. Abstract and without @Entity,
 * so TypeORM copies the columns into each table rather than making a table of its own.
 */
export abstract class ScheduledItemEntity {
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
