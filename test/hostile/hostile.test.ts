// Hostile input, as a property: generated values for every argument of every operation of the schema,
// sent as every kind of caller. Never INTERNAL_SERVER_ERROR; and a refused call leaves every table
// exactly as it was (a checksum of each table's rows before and after).
import fc from 'fast-check';
import { buildSchema, getNamedType, isObjectType, type GraphQLField } from 'graphql';
import type { Role } from '@prisma/client';
import { typeDefs } from '../../src/graphql/schema';
import { createAccount, createCity, PASSWORD, square, WEST, type TestCity } from '../helpers/factories';
import { login, startTestApp, type TestApp } from '../helpers/app';
import { valueFor } from './arbitraries';

/** Tables a refused call may legitimately change: a failed sign-in is counted against brute force. */
const MAY_CHANGE_ON_REFUSAL = new Set(['login_throttle', '_prisma_migrations', 'spatial_ref_sys']);

let app: TestApp;
let city: TestCity;
const callers: (string | null)[] = [null];
const schema = buildSchema(typeDefs);

async function checksums(): Promise<Record<string, string>> {
  const tables = await app.db.prisma.$queryRawUnsafe<{ t: string }[]>(
    "SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  const parts = tables.filter(({ t }) => !MAY_CHANGE_ON_REFUSAL.has(t))
    .map(({ t }) => `SELECT '${t}' AS t, md5(COALESCE(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`);
  const rows = await app.db.prisma.$queryRawUnsafe<{ t: string; h: string }[]>(parts.join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** A document calling one field with every argument as a variable, selecting only __typename. */
function documentFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const vars = field.args.map((a, i) => `$a${i}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a, i) => `${a.name}: $a${i}`).join(', ');
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} Hostile${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

const operations = (['query', 'mutation'] as const).flatMap((kind) => {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  return Object.values(root.getFields()).map((field) => ({ kind, field, document: documentFor(kind, field) }));
});

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  const roles: [Role, Parameters<typeof createAccount>[3]][] = [
    ['ADMIN', {}], ['OFFICER', { districts: [city.west] }], ['ASSISTANT', { districts: [city.west] }], ['VENDOR', {}],
  ];
  for (const [role, opts] of roles) callers.push(await login(app, (await createAccount(app.db, city, role, opts)).username, PASSWORD));
  const z = await app.gql<{ createZone: { id: string } }>('mutation($g: GeoJSON!) { createZone(input: { name: "靶区", kind: NIGHT_MARKET, geometry: $g }) { id } }',
    { g: square(WEST.lon, WEST.lat, 200) }, callers[1]);
  callers.push(await login(app, (await createAccount(app.db, city, 'ZONE_MANAGER', { zoneId: z.data!.createZone.id })).username, PASSWORD));
});
afterAll(() => app.close());

it('covers every operation of the schema', () => {
  expect(operations.length).toBeGreaterThanOrEqual(28);
});

describe.each(operations.map((o) => [`${o.kind} ${o.field.name}`, o] as const))('%s', (_name, op) => {
  it('never answers INTERNAL_SERVER_ERROR, and a refusal changes nothing', async () => {
    const args = fc.tuple(...(op.field.args.length ? op.field.args.map((a) => valueFor(a.type)) : [fc.constant(null)]));
    await fc.assert(
      fc.asyncProperty(args, fc.integer({ min: 0, max: callers.length - 1 }), async (values, who) => {
        const variables = Object.fromEntries(op.field.args.map((_a, i) => [`a${i}`, values[i]]));
        const before = op.kind === 'mutation' ? await checksums() : null;
        const res = await app.gql(op.document, variables, callers[who]);
        const codes = (res.errors ?? []).map((e) => e.extensions.code);
        if (codes.includes('INTERNAL_SERVER_ERROR')) {
          throw new Error(`INTERNAL for ${op.field.name} as caller ${who}: ${JSON.stringify(variables).slice(0, 600)}`);
        }
        expect(res.status).toBeLessThan(500);
        if (before && res.errors?.length) expect(await checksums()).toEqual(before);
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 25), seed: Number(process.env.HOSTILE_SEED ?? 20261124) },
    );
  });
});
