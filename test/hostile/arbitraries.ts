// Generated hostile values for any GraphQL input type, read from the schema itself, so an operation
// added later is attacked without anyone writing its case: control characters, lone surrogates,
// over-long strings, dates at the edge of the calendar, non-UUID ids, numbers out of range, broken and
// antipodal GeoJSON — mixed with plausible values so calls also reach the deeper checks.
import fc from 'fast-check';
import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
  type GraphQLInputType,
} from 'graphql';

const hostileString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDFFFy', '\u001B[31m', '%00', "'; DROP TABLE zone; --",
    '../../etc/passwd', '<script>alert(1)</script>', '𠜎𠜱', '\u202Eevil', 'NaN', '-1', '0000-01-01', '9999-12-31', '24:00', '25:61',
    'food', 'produce.fruit', 'CLOSED', 'x'.repeat(41), 'y'.repeat(5000)),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

const hostileDateTime = fc.oneof(
  fc.constantFrom('0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T10:00:00+08:00', '2026-11-24T21:30:00+08:00',
    '2026-11-24', 'now', '', '2026-11-24T25:00:00Z', '+275760-09-13T00:00:00Z', '1970-01-01T00:00:00.000Z'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
);

const hostileId = fc.oneof(
  fc.constantFrom('', 'not-a-uuid', '00000000-0000-0000-0000-000000000000', "1' OR '1'='1", '\u0000', 'x'.repeat(200)),
  fc.uuid(),
);

const ring = (pts: number[][]) => [...pts, pts[0]];
const hostileGeoJson = fc.oneof(
  fc.constantFrom<unknown>(
    {}, { type: 'Point' }, { type: 'Point', coordinates: [181, 0] }, { type: 'Point', coordinates: [118.33, 35.02] },
    { type: 'Point', coordinates: ['1', '2'] }, { type: 'Polygon', coordinates: [] },
    { type: 'Polygon', coordinates: [ring([[0, 0], [180, 0], [180, 10], [0, 10]])] },
    { type: 'Polygon', coordinates: [ring([[-179.9, 0], [179.9, 0], [179.9, 1], [-179.9, 1]])] },
    { type: 'Polygon', coordinates: [ring([[118.3, 35.0], [118.31, 35.01], [118.31, 35.0], [118.3, 35.01]])] },
    { type: 'Polygon', coordinates: [ring([[118.32, 35.02], [118.32000001, 35.02], [118.32000001, 35.02000001], [118.32, 35.02000001]])] },
    { type: 'Polygon', coordinates: [ring([[118.32, 35.02], [118.321, 35.02], [118.321, 35.021], [118.32, 35.021]])] },
    { type: 'LineString', coordinates: [[118.33, 35.02], [118.331, 35.021]] },
    { type: 'LineString', coordinates: [[-90, 0], [90, 0]] },
    { type: 'Feature', geometry: null }, { type: 'GeometryCollection', geometries: [] },
  ),
  fc.object({ maxDepth: 2, maxKeys: 4 }),
);

/** A value for an input type; null sometimes for nullable types; recursion bounded by depth. */
export function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return base(type.ofType, depth);
  return fc.option(base(type, depth), { nil: null, freq: 4 });
}

function base(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  {
    if (isListType(type)) return fc.array(valueFor(type.ofType, depth + 1), { maxLength: depth > 1 ? 2 : 5 });
    if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((v) => v.name));
    if (isInputObjectType(type)) {
      const fields = Object.values(type.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    }
    if (isScalarType(type)) {
      switch (type.name) {
        case 'String': return hostileString;
        case 'ID': return hostileId;
        case 'Int': return fc.oneof(fc.integer({ min: -5, max: 30 }), fc.constantFrom(0, -1, 2147483647, -2147483648, 100000, 7));
        case 'Float': return fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(0, -0.5, 1e-12, 1e300, 180, 35.02, 118.33));
        case 'Boolean': return fc.boolean();
        case 'DateTime': return hostileDateTime;
        case 'GeoJSON': return hostileGeoJson;
        case 'JSON': return fc.jsonValue({ maxDepth: 2 });
      }
    }
    return fc.constant(null);
  }
}

export function namedTypeName(type: GraphQLInputType): string {
  return getNamedType(type).name;
}
