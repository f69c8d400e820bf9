import { ApiProperty } from '@nestjs/swagger';

export class AuditEntryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true, example: 'istanbul-mall' }) tenant: string | null;
  @ApiProperty({ example: 'staff:alice@istanbul-mall', description: '`api-key:<id>`, `staff:<sub>`, `ops:<sub>` or `anonymous`' }) actor: string;
  @ApiProperty({ example: 'POST /v1/campaign-events', description: 'Method and route template' }) action: string;
  @ApiProperty({ type: String, nullable: true, example: 'campaign-event' }) resourceType: string | null;
  @ApiProperty({ type: String, nullable: true }) resourceId: string | null;
  @ApiProperty() requestId: string;
  @ApiProperty({ example: 201, description: 'The HTTP status the write was answered with' }) status: number;
  @ApiProperty({
    type: 'integer',
    minimum: 1,
    example: 1,
    description: 'How many requests the entry stands for: 1, except for refusals (401, 403, 429, or refused before the caller was known), which are counted per actor, action and status over a few seconds and written once, with the first request id',
  })
  count: number;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items: AuditEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
