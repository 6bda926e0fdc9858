// Every string and every list the API accepts has an explicit maximum in schema.graphql (@constraint),
// so a new argument cannot slip in unbounded. IDs are checked as UUIDs, dates by their scalar, GeoJSON
// by its vertex count (src/geo/input.ts): they carry no length of their own.
import { buildSchema, getNamedType, isListType, isNonNullType, type GraphQLArgument, type GraphQLInputField, type GraphQLInputType } from 'graphql';
import { typeDefs } from './schema';

const schema = buildSchema(typeDefs);

function unwrap(t: GraphQLInputType): GraphQLInputType {
  return isNonNullType(t) ? t.ofType : t;
}

function missing(where: string, f: GraphQLArgument | GraphQLInputField): string | null {
  const t = unwrap(f.type);
  const directive = f.astNode?.directives?.find((d) => d.name.value === 'constraint');
  const args = new Set(directive?.arguments?.map((a) => a.name.value) ?? []);
  if (isListType(t)) return args.has('maxItems') ? null : `${where}: a list without maxItems`;
  if (getNamedType(t).name === 'String') return args.has('maxLength') ? null : `${where}: a string without maxLength`;
  return null;
}

it('bounds every string and list argument and input field', () => {
  const problems: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if ('getFields' in type && typeof type.getFields === 'function') {
      for (const field of Object.values(type.getFields())) {
        if ('args' in field) for (const a of field.args) problems.push(missing(`${type.name}.${field.name}(${a.name})`, a) ?? '');
        else problems.push(missing(`${type.name}.${field.name}`, field as GraphQLInputField) ?? '');
      }
    }
  }
  expect(problems.filter(Boolean)).toEqual([]);
});
