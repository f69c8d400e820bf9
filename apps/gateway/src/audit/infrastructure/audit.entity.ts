import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One write through the API, refused or not. */
@Entity({ name: 'audit_entries' })
export class AuditEntryRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('timestamptz')
  at: Date;

  /** The tenant the write concerned (null: none, e.g. an unauthenticated call or an ops-wide action). */
  @Column('text', { nullable: true })
  tenant: string | null;

  /** `api-key:<id>`, `staff:<sub>`, `ops:<sub>` or `anonymous`. */
  @Column('text')
  actor: string;

  /** Method and route template, e.g. `POST /v1/campaign-events`. */
  @Column('text')
  action: string;

  @Column('text', { name: 'resource_type', nullable: true })
  resourceType: string | null;

  @Column('text', { name: 'resource_id', nullable: true })
  resourceId: string | null;

  @Column('text', { name: 'request_id' })
  requestId: string;

  @Column('integer')
  status: number;

  /** How many requests this entry stands for: more than 1 only for refusals counted together. */
  @Column('integer', { default: 1 })
  count: number;
}
