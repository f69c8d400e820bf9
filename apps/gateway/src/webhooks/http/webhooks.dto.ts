import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES, WEBHOOK_FORMATS } from '#messaging';

const present = (field: string) => (o: Record<string, unknown>) => o[field] !== undefined;

const URL_DOC =
  'Where deliveries are POSTed: https (http only in development and tests), at most 2000 characters, no user or password, no fragment. ' +
  'Loopback, private, link-local, carrier-grade NAT, unique-local and metadata addresses are refused, in the URL and at every connection ' +
  '(unless the deployment sets WEBHOOKS_ALLOW_PRIVATE=true, for development and tests). Redirects are not followed.';
const EVENT_TYPES_DOC = 'The events delivered: a non-empty subset of the campaign and event changes.';
const FORMAT_DOC = '`standard`: the Standard Webhooks JSON body `{type, timestamp, data}` (data: the event envelope); `slack`: a Slack incoming-webhook message `{text}`. Both are signed.';
const EXAMPLE_URL = 'https://hooks.example.com/campaigns';
const EVENT_TYPES_SCHEMA: ApiPropertyOptions = { description: EVENT_TYPES_DOC, type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] }, minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length };

/** A non-empty list of known event types (repeats are harmless: they are merged). */
const EventTypes = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(WEBHOOK_EVENT_TYPES.length),
    IsIn([...WEBHOOK_EVENT_TYPES], { each: true, message: `each value must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}` }),
  );
const Format = () => IsIn([...WEBHOOK_FORMATS], { message: `must be one of ${WEBHOOK_FORMATS.join(', ')}` });

export class CreateWebhookBody {
  @ApiProperty({ description: URL_DOC, format: 'uri', maxLength: 2000, example: EXAMPLE_URL })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ ...EVENT_TYPES_SCHEMA, example: ['campaign.created'] } as ApiPropertyOptions)
  @EventTypes()
  eventTypes: string[];

  @ApiPropertyOptional({ description: `${FORMAT_DOC} Not nullable: leave it out for \`standard\`.`, enum: [...WEBHOOK_FORMATS], default: 'standard' })
  @ValidateIf(present('format'))
  @Format()
  format?: string;

  @ApiPropertyOptional({ description: 'Not nullable: leave it out for true.', default: true })
  @ValidateIf(present('enabled'))
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, example: 'Team chat' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

/** Merge semantics: fields present are set; `description: null` clears it; `enabled: true` re-enables one the product disabled. */
export class PatchWebhookBody {
  @ApiPropertyOptional({ description: URL_DOC, format: 'uri', maxLength: 2000, example: EXAMPLE_URL })
  @ValidateIf(present('url'))
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ ...EVENT_TYPES_SCHEMA, example: ['campaign.created', 'event.created'] } as ApiPropertyOptions)
  @ValidateIf(present('eventTypes'))
  @EventTypes()
  eventTypes?: string[];

  @ApiPropertyOptional({ description: FORMAT_DOC, enum: [...WEBHOOK_FORMATS] })
  @ValidateIf(present('format'))
  @Format()
  format?: string;

  @ApiPropertyOptional({ description: '`true` re-enables a webhook, also one the product disabled (its `disabledReason` is cleared).', example: true })
  @ValidateIf(present('enabled'))
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500, description: '`null` clears it', example: null })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

export class WebhookResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: EXAMPLE_URL }) url: string;
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENT_TYPES] }, example: ['campaign.created'] }) eventTypes: string[];
  @ApiProperty({ enum: [...WEBHOOK_FORMATS], example: 'standard' }) format: string;
  @ApiProperty({ description: 'False when an admin disabled it or the product did (see disabledReason).' }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'Team chat' }) description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the product disabled it (every attempt failing for WEBHOOKS_DISABLE_AFTER_FAILING_MS, a day by default); null otherwise.' })
  disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'After a rotation: until when the previous secret still signs deliveries (beside the new one).' })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ type: 'integer', example: 1 }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class CreatedWebhookResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret (Standard Webhooks format). Shown only in this answer: store it now.', example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' })
  secret: string;
}

export class WebhookPageResponse {
  @ApiProperty({ type: [WebhookResponse] }) items: WebhookResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'The `webhook-id` header of every attempt of this delivery, replays included.' }) id: string;
  @ApiProperty({ format: 'uuid' }) webhookId: string;
  @ApiProperty({ format: 'uuid', description: 'The event (`data.id` of the body).' }) eventId: string;
  @ApiProperty({ enum: [...WEBHOOK_EVENT_TYPES], example: 'campaign.created' }) eventType: string;
  @ApiProperty({ enum: [...DELIVERY_STATUSES], description: '`pending`: not attempted yet or being attempted; `failed`: the last attempt failed and another will follow; `delivered`; `dead`: no attempt follows (attempts used up, or a failure that retrying cannot fix).' })
  status: string;
  @ApiProperty({ type: 'integer', description: 'Attempts started, replays included.', example: 1 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAttemptAt: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Of the last attempt.', example: 42 }) latencyMs: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "The last attempt's HTTP status; null when no response came.", example: 200 }) responseStatus: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The first 512 bytes of the last response's body, as text.", example: 'ok' }) responseSnippet: string | null;
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['code', 'message'],
    description: 'Why the last attempt failed: TIMEOUT, CONNECTION_FAILED, ADDRESS_BLOCKED, INVALID_URL, HTTP_ERROR, REDIRECT_NOT_FOLLOWED, WEBHOOK_DISABLED.',
    properties: { code: { type: 'string', example: 'HTTP_ERROR' }, message: { type: 'string', example: 'The receiver answered 500.' } },
  })
  error: { code: string; message: string } | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items: WebhookDeliveryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
