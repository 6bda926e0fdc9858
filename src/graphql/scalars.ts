// Scalars. GeoJSON is accepted here as a JSON object of whatever shape, from variables or written inline, and checked
// by the domain (src/geo/input.ts), whose messages say what is wrong and where (an unclosed ring, a
// latitude out of range) rather than "does not match any valid GeoJSON type".
// DateTime is graphql-scalars' RFC 3339 scalar, limited to the years 1900–2999: year 0 or 275760 is
// valid RFC 3339 but no date of this domain, and PostgreSQL refuses some of them as a server fault.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';

function asObject(value: unknown): object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new GraphQLError('GeoJSON 须为对象 / GeoJSON must be an object', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return value;
}

export const GeoJSONScalar = new GraphQLScalarType({
  name: 'GeoJSON',
  description: 'A GeoJSON geometry object (RFC 7946)',
  serialize: (value) => asObject(value),
  parseValue: (value) => asObject(value),
  parseLiteral: (ast, variables) => {
    if (ast.kind !== Kind.OBJECT) asObject(null);
    return asObject(JSONObjectResolver.parseLiteral(ast, variables));
  },
});

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2999;

function inRange(d: Date): Date {
  const y = d.getUTCFullYear();
  if (!(y >= MIN_YEAR && y <= MAX_YEAR)) {
    throw new GraphQLError(`时间须在 ${MIN_YEAR}–${MAX_YEAR} 年之间 / a date-time must lie in the years ${MIN_YEAR}–${MAX_YEAR}`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return d;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: DateTimeResolver.description,
  serialize: (value) => DateTimeResolver.serialize(value),
  parseValue: (value) => inRange(DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables) => inRange(DateTimeResolver.parseLiteral(ast, variables) as Date),
});

export const scalarResolvers = { DateTime: DateTimeScalar, GeoJSON: GeoJSONScalar, JSON: JSONResolver };
