// Thin: authorize, call the service, return.
import type { Resolvers } from '../../generated/graphql';

export const vendorsResolvers: Resolvers = {};
