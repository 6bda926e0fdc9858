// The executable schema: the one SDL (schema.graphql) and the resolvers of every domain.
import fs from 'node:fs';
import path from 'node:path';
import type { Resolvers } from '../generated/graphql';
import { REPO_ROOT } from '../paths';
import { accountsResolvers } from '../modules/accounts/accounts.resolvers';
import { auditResolvers } from '../modules/audit/audit.resolvers';
import { citiesResolvers } from '../modules/cities/cities.resolvers';
import { rulesResolvers } from '../modules/rules/rules.resolvers';
import { zonesResolvers } from '../modules/zones/zones.resolvers';
import { spotsResolvers } from '../modules/spots/spots.resolvers';
import { vendorsResolvers } from '../modules/vendors/vendors.resolvers';
import { allocationResolvers } from '../modules/allocation/allocation.resolvers';
import { publicationResolvers } from '../modules/publication/publication.resolvers';
import { signsResolvers } from '../modules/signs/signs.resolvers';
import { scalarResolvers } from './scalars';

export const typeDefs = fs.readFileSync(path.join(REPO_ROOT, 'schema.graphql'), 'utf8');

const domains: Resolvers[] = [
  accountsResolvers, auditResolvers, citiesResolvers, zonesResolvers, rulesResolvers, spotsResolvers, vendorsResolvers, allocationResolvers, publicationResolvers,
  signsResolvers,
];

function merge(parts: Resolvers[]): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) {
      out[type] = { ...(out[type] ?? {}), ...(fields as Record<string, unknown>) };
    }
  }
  return out as Resolvers;
}

export const resolvers: Resolvers = {
  ...merge(domains),
  ...scalarResolvers,
};
