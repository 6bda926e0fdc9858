// Thin: authorize, call the service, return.
import type { Resolvers } from '../../generated/graphql';

export const spotsResolvers: Resolvers = {};
