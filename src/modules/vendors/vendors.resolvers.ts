// Thin: authorize, call the service, return. VendorProfile's phone and idNumber are decrypted here
// per field and masked for the viewer (vendors.policy.ts), wherever the profile is reached from.
import type { Resolvers } from '../../generated/graphql';
import { requireViewer } from '../accounts/accounts.policy';
import { priorityTier } from './vendors.models';
import { vendorsPolicy } from './vendors.policy';
import * as read from './vendors.read';
import * as service from './vendors.service';
import * as codes from './login-codes';
import { smsSender } from './sms';

export const vendorsResolvers: Resolvers = {
  Query: {
    myVendorProfile: (_p, _a, ctx) => read.myVendorProfile(ctx.db.prisma, requireViewer(ctx.viewer)),
    vendor: (_p, { accountId }, ctx) => read.vendor(ctx.db.prisma, vendorsPolicy.read(ctx.viewer), accountId),
    vendors: (_p, args, ctx) => read.vendors(ctx.db, vendorsPolicy.read(ctx.viewer), args),
  },
  Mutation: {
    requestLoginCode: (_p, { city, phone }, ctx) => codes.requestLoginCode(ctx.db, ctx.auth.now(), smsSender(ctx.log), city, phone, ctx.clientIp),
    loginWithCode: (_p, { city, phone, code }, ctx) => codes.loginWithCode(ctx.db, ctx.auth, ctx.requestId, city, phone, code),
    registerVendor: (_p, { input }, ctx) =>
      service.registerVendor(ctx.db, { viewer: vendorsPolicy.register(ctx.viewer), requestId: ctx.requestId }, input),
    updateMyVendorProfile: (_p, { input }, ctx) =>
      service.updateMyVendorProfile(ctx.db, { viewer: vendorsPolicy.own(ctx.viewer), requestId: ctx.requestId }, input),
    verifyVendorPriority: (_p, { accountId, category, evidenceRef }, ctx) =>
      service.setPriority(ctx.db, { viewer: vendorsPolicy.verifyPriority(ctx.viewer), requestId: ctx.requestId }, accountId, category, evidenceRef),
    removeVendorPriority: (_p, { accountId, category }, ctx) =>
      service.setPriority(ctx.db, { viewer: vendorsPolicy.verifyPriority(ctx.viewer), requestId: ctx.requestId }, accountId, category, null),
  },
  VendorProfile: {
    phone: (v, _a, ctx) => read.phoneFor(ctx.db, ctx.viewer, v),
    idNumber: (v, _a, ctx) => read.idNumberFor(ctx.db, ctx.viewer, v),
    priorityTier: (v) => priorityTier(v.priorities.map((p) => p.category)),
  },
  VendorPriority: {
    verifiedBy: (p) => p.verifiedByUsername,
  },
};
