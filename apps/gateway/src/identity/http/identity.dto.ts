import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SLUG } from '../domain/tenant.js';

/** Text PostgreSQL can store and people can read: no NUL or other control characters. */
const PRINTABLE = /^[^\u0000-\u001f\u007f]*$/;
const PRINTABLE_MESSAGE = { message: 'must not contain control characters' };
/** What the use cases accept, as the document states it: printable, and not only blanks (names are trimmed). */
const NAME_PATTERN = '^[^\\u0000-\\u001f\\u007f]*[^\\s\\u0000-\\u001f\\u007f][^\\u0000-\\u001f\\u007f]*$';

export class CreateTenantBody {
  @ApiProperty({ example: 'istanbul-mall', pattern: SLUG.source })
  @IsString()
  @Matches(SLUG, { message: `must match ${SLUG.source}` })
  slug: string;

  @ApiProperty({ example: 'Istanbul Mall', minLength: 1, maxLength: 200, pattern: NAME_PATTERN, description: 'Not only blanks; no control characters.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(PRINTABLE, PRINTABLE_MESSAGE)
  name: string;

  @ApiProperty({ example: 'Europe/Istanbul', maxLength: 64, description: 'IANA time zone; legacy dates of this tenant are read in it' })
  @IsString()
  @MaxLength(64)
  timezone: string;
}

export class TenantView {
  @ApiProperty({ example: 'istanbul-mall' }) slug: string;
  @ApiProperty({ example: 'Istanbul Mall' }) name: string;
  @ApiProperty({ example: 'Europe/Istanbul' }) timezone: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class TenantPage {
  @ApiProperty({ type: [TenantView] }) items: TenantView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

export class CreateApiKeyBody {
  @ApiProperty({ example: 'iOS app', minLength: 1, maxLength: 100, pattern: NAME_PATTERN, description: 'Not only blanks; no control characters.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'must not be blank' })
  @Matches(PRINTABLE, PRINTABLE_MESSAGE)
  name: string;
}

export class IssuedApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'iOS app' }) name: string;
  @ApiProperty({ example: 'cpk_3q2-7wEXAMPLEONLYx9Jk1nQ0b8U5yVh6Zr4Lf2sTgAaPpM', description: 'Shown only in this answer' }) key: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ApiKeyListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyListItem] }) items: ApiKeyListItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class MeTenantView {
  @ApiProperty({ example: 'istanbul-mall' }) slug: string;
  @ApiProperty({ example: 'Istanbul Mall' }) name: string;
  @ApiProperty({ example: 'Europe/Istanbul', description: "IANA time zone: the tenant's legacy dates are read in it, and the console shows times in it" }) timezone: string;
}

export class MeView {
  @ApiProperty({ enum: ['staff', 'apiKey'], description: '`staff` for a bearer token (staff or operator), `apiKey` for X-Api-Key' }) kind: 'staff' | 'apiKey';
  @ApiProperty({ type: String, nullable: true, example: 'alice@istanbul-mall', description: "The token's `sub`; null for an API key" }) subject: string | null;
  @ApiProperty({ type: [String], enum: ['viewer', 'editor', 'admin', 'ops'], example: ['viewer', 'editor', 'admin'], description: 'Expanded (admin ⊇ editor ⊇ viewer); empty for an API key' }) roles: string[];
  // OpenAPI 3.0 ignores `nullable` beside a `$ref`: null is its own alternative (as for a dead letter), so the property stays required.
  @ApiProperty({ description: "The caller's tenant; null for an operator", oneOf: [{ $ref: getSchemaPath(MeTenantView) }, { type: 'object', nullable: true, enum: [null] }] })
  tenant: MeTenantView | null;
}
