import fc from 'fast-check';

/** The JSON Schema subset (OpenAPI 3.0 flavour) the API's document uses. */
export interface JsonSchema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  minProperties?: number;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  nullable?: boolean;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** A value that breaks exactly one constraint of a schema, and which one. */
export interface Broken {
  value: unknown;
  broken: string;
}

/** Generated values stay small: these tests check the contract, not the limits. */
const MAX_STRING = 40;
const MAX_ITEMS = 3;

const FORMATS: Record<string, () => fc.Arbitrary<string>> = {
  uuid: () => fc.uuid(),
  'date-time': () => fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  uri: () => fc.webUrl(),
};
const NOT_FORMAT: Record<string, string> = { uuid: 'not-a-uuid', 'date-time': 'yesterday', uri: 'not a uri' };

/**
 * fast-check arbitraries of valid and of one-constraint-broken values for the schemas of an
 * OpenAPI document: what the document promises is accepted, and what it forbids is refused.
 */
export class SchemaArbitraries {
  constructor(private readonly components: Record<string, JsonSchema>) {}

  /** `$ref` followed and `allOf` merged. */
  resolve(schema: JsonSchema): JsonSchema {
    if (schema.$ref) return this.resolve(this.components[schema.$ref.split('/').pop()!] ?? {});
    if (!schema.allOf) return schema;
    const parts = schema.allOf.map((s) => this.resolve(s));
    const { allOf: _, ...rest } = schema;
    return parts.reduce<JsonSchema>(
      (merged, part) => ({ ...merged, ...part, properties: { ...merged.properties, ...part.properties }, required: [...(merged.required ?? []), ...(part.required ?? [])] }),
      rest,
    );
  }

  valid(input: JsonSchema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const value = this.validNonNull(schema);
    return schema.nullable ? fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
  }

  private validNonNull(schema: JsonSchema): fc.Arbitrary<unknown> {
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const choices = schema.oneOf ?? schema.anyOf;
    if (choices) return fc.oneof(...choices.map((s) => this.valid(s)));
    switch (schema.type) {
      case 'string':
        return this.validString(schema);
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.valid(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)) });
      case 'object':
        return this.validObject(schema);
      default:
        return schema.properties ? this.validObject(schema) : fc.constant({});
    }
  }

  private validString(schema: JsonSchema): fc.Arbitrary<string> {
    const min = schema.minLength ?? 0;
    const max = Math.max(min, Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING));
    if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format]!();
    // Cut to the length bounds rather than filtered: a filter can reject almost every candidate.
    if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { size: 'xsmall' }).filter((s) => s.length >= min).map((s) => s.slice(0, schema.maxLength));
    return fc.string({ minLength: min, maxLength: max });
  }

  private validObject(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
    const properties = schema.properties ?? {};
    const record = Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, this.valid(s)]));
    const object = fc.record(record, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) }) as fc.Arbitrary<Record<string, unknown>>;
    // A PATCH body states minProperties 1 (an empty merge is a 400): an empty record is not valid.
    return schema.minProperties ? object.filter((o) => Object.keys(o).length >= schema.minProperties!) : object;
  }

  /**
   * Values breaking one stated constraint each; undefined when the schema states none. `asText`:
   * for a query or path value, where a string's wrong type or null has no spelling of its own.
   */
  invalid(input: JsonSchema, asText = false): fc.Arbitrary<Broken> | undefined {
    const schema = this.resolve(input);
    const choices = [...this.brokenScalars(schema, asText), ...(schema.properties ? this.brokenObjects(schema) : [])];
    return choices.length > 0 ? fc.oneof(...choices) : undefined;
  }

  private brokenScalars(schema: JsonSchema, asText: boolean): fc.Arbitrary<Broken>[] {
    const broken = (value: unknown, what: string) => fc.constant({ value, broken: what });
    const out: fc.Arbitrary<Broken>[] = [];
    if (schema.oneOf || schema.anyOf) return out;
    const wrongType: Record<string, unknown> = { string: 12345, integer: 'x', number: 'x', boolean: 'x', array: 'x', object: 'x' };
    if (schema.type && wrongType[schema.type] !== undefined && !(asText && schema.type === 'string')) out.push(broken(wrongType[schema.type], `type ${schema.type}`));
    if (schema.type && !schema.nullable && !asText) out.push(broken(null, 'not nullable'));
    if (schema.enum) out.push(broken('not-one-of-the-enum', `enum ${schema.enum.join('|')}`));
    if (schema.type === 'string' && !schema.enum) {
      if ((schema.minLength ?? 0) > 0) out.push(broken('x'.repeat(schema.minLength! - 1), `minLength ${schema.minLength}`));
      if (schema.maxLength !== undefined) out.push(broken('x'.repeat(schema.maxLength + 1), `maxLength ${schema.maxLength}`));
      if (schema.format && NOT_FORMAT[schema.format]) out.push(broken(NOT_FORMAT[schema.format], `format ${schema.format}`));
      const misfit = schema.pattern ? ['NOT VALID!', '-', ' x '].find((s) => !new RegExp(schema.pattern!).test(s)) : undefined;
      if (misfit !== undefined) out.push(broken(misfit, `pattern ${schema.pattern}`));
    }
    if (schema.type === 'integer' || schema.type === 'number') {
      if (schema.minimum !== undefined) out.push(broken(schema.minimum - 1, `minimum ${schema.minimum}`));
      if (schema.maximum !== undefined) out.push(broken(schema.maximum + 1, `maximum ${schema.maximum}`));
      if (schema.type === 'integer') out.push(broken((schema.minimum ?? 0) + 0.5, 'integer'));
    }
    if (schema.type === 'array' && schema.minItems) out.push(broken([], `minItems ${schema.minItems}`));
    return out;
  }

  private brokenObjects(schema: JsonSchema): fc.Arbitrary<Broken>[] {
    const base = this.validObject(schema);
    const out: fc.Arbitrary<Broken>[] = [];
    for (const name of schema.required ?? []) {
      out.push(base.map((value) => {
        const { [name]: _, ...rest } = value;
        return { value: rest, broken: `required ${name}` };
      }));
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const bad = this.invalid(property);
      if (bad) out.push(fc.tuple(base, bad).map(([value, b]) => ({ value: { ...value, [name]: b.value }, broken: `${name}: ${b.broken}` })));
    }
    if (schema.additionalProperties === false) out.push(base.map((value) => ({ value: { ...value, unexpectedField: 1 }, broken: 'additionalProperties false' })));
    return out;
  }
}
