import { ArrayMaxSize, ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '../../auth/roles.js';
import { SLUG } from '../../identity/domain/tenant.js';

/** POST /console/dev-token: whom to sign in as (development only). */
export class DevTokenBody {
  /** A tenant's slug, or null for an operator. */
  @ValidateIf((body: DevTokenBody) => body.tenant !== null)
  @IsString({ message: 'must be a tenant slug, or null for an operator' })
  @Matches(SLUG, { message: `must match ${SLUG.source}` })
  tenant: string | null;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true, message: `each must be one of ${ROLES.join(', ')}` })
  roles: Role[];
}
