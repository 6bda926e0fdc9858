// Scalars. GeoJSON is accepted here as a JSON object of whatever shape, from variables or written inline, and checked
// by the domain (src/geo/input.ts), whose messages say what is wrong and where (an unclosed ring, a
// latitude out of range) rather than "does not match any valid GeoJSON type".
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
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

export const scalarResolvers = { DateTime: DateTimeResolver, GeoJSON: GeoJSONScalar, JSON: JSONResolver };
