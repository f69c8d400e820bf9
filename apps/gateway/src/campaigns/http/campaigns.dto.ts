import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

const DATE_DOC =
  'ISO 8601 with an offset (`Z` or `±hh:mm`), or the legacy `yyyy/MM/dd HH:mm:ss` read in the tenant\'s time zone ' +
  '(a time in a daylight-saving gap: 400; in an overlap: the earlier instant). ISO without an offset or a date alone: 400.';

/** Either accepted form (the parser in instants.ts decides what each means). */
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$|^\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}$';
const NAME = { minLength: 1, maxLength: 200, pattern: '\\S', description: '1–200 characters, not only blanks.' };

const present = (field: string) => (o: Record<string, unknown>) => o[field] !== undefined;

export class CreateCampaignBody {
  @ApiProperty({ ...NAME, example: 'Black Friday 2026' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000, example: 'Deals in every store of the center.' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiProperty({ description: DATE_DOC, pattern: DATE_PATTERN, example: '2026-11-27T09:00:00+01:00' })
  @IsString()
  startDate: string;

  @ApiProperty({ description: `${DATE_DOC} Must be after startDate.`, pattern: DATE_PATTERN, example: '2026/11/30 20:00:00' })
  @IsString()
  endDate: string;
}

/** Merge semantics: fields present are set; `description: null` clears it. At least one field. */
export class PatchCampaignBody {
  @ApiPropertyOptional({ ...NAME, example: 'Black Friday week' })
  @ValidateIf(present('name'))
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000, description: '`null` clears it', example: null })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ApiPropertyOptional({ description: `${DATE_DOC} A changed start or end is a reschedule.`, pattern: DATE_PATTERN, example: '2026-11-26T00:00:00Z' })
  @ValidateIf(present('startDate'))
  @IsString()
  startDate?: string;

  @ApiPropertyOptional({ description: DATE_DOC, pattern: DATE_PATTERN, example: '2026-12-01T00:00:00Z' })
  @ValidateIf(present('endDate'))
  @IsString()
  endDate?: string;
}

export class CreateEventBody extends CreateCampaignBody {
  @ApiProperty({ format: 'uuid', description: 'The campaign the event belongs to (404 if the tenant has none such).', example: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70' })
  @IsString()
  campaignEventId: string;
}

export class PatchEventBody extends PatchCampaignBody {
  // Not in the document: an event cannot move to another campaign, so any value is a 400 naming it.
  @ValidateIf(present('campaignEventId'))
  @IsIn([], { message: 'cannot be changed: an event cannot move to another campaign' })
  campaignEventId?: string;
}

const STATUS_DOC = 'Computed at response time: `upcoming` while now < startDate, `live` while startDate ≤ now < endDate, then `ended`.';

export class CampaignResponse {
  @ApiProperty({ format: 'uuid', example: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70' }) id: string;
  @ApiProperty({ example: 'Black Friday 2026' }) name: string;
  @ApiProperty({ type: String, nullable: true, example: 'Deals in every store of the center.' }) description: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-27T08:00:00.000Z' }) startDate: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T19:00:00.000Z' }) endDate: string;
  @ApiProperty({ enum: ['upcoming', 'live', 'ended'], description: STATUS_DOC, example: 'upcoming' }) status: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1; each edit adds 1.', example: 1 }) version: number;
  @ApiProperty({ format: 'date-time', example: '2026-11-01T10:00:00.000Z' }) createdAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-01T10:00:00.000Z' }) updatedAt: string;
}

export class EventResponse extends CampaignResponse {
  @ApiProperty({ format: 'uuid', example: '0196b1f2-7c1e-7a3b-9f00-2b9c4d5e6f70' }) campaignEventId: string;
}

export class CampaignPage {
  @ApiProperty({ type: [CampaignResponse] }) items: CampaignResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last.', example: null })
  nextCursor: string | null;
}

export class EventPage {
  @ApiProperty({ type: [EventResponse] }) items: EventResponse[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}
