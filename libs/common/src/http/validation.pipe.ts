import { ArgumentMetadata, Injectable, ValidationPipe, ValidationError as ClassValidationError } from '@nestjs/common';
import { FieldError, ValidationError } from '../errors/index.js';

/**
 * Nest's ValidationPipe with the product's rules: unknown fields refused, types converted for
 * query and path parameters, and every failure reported as VALIDATION_FAILED with dotted paths.
 */
@Injectable()
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      // The value is kept to tell a missing field (one "is required") from a wrong one; it never reaches an answer.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => new ValidationError(flatten(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const expectsObject = metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object;
    if (expectsObject && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw ValidationError.field('body', 'must be a JSON object');
    }
    return super.transform(value, metadata);
  }
}

export function flatten(errors: ClassValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    // Optional fields are skipped when absent: any rule broken by an absent value says it is required.
    if (error.value === undefined && error.constraints) return [{ field, message: 'is required' }];
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith(`${error.property} `) ? message.slice(error.property.length + 1) : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
