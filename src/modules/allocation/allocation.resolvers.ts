// Thin: authorize, call the service, return. "Now" is the request's clock (ctx.auth.now), the one
// tests move; the services never read the time themselves.
import type { Resolvers } from '../../generated/graphql';
import type { Context, Viewer } from '../../graphql/context';
import { allocationPolicy } from './allocation.policy';
import type { Writer } from './allocation.common';
import { cityByCode } from './allocation.sql';
import { allocationFields } from './allocation.fields';
import * as apps from './applications.service';
import * as assignments from './assignments.service';
import * as checkIns from './check-in.service';
import * as queries from './queries.service';
import * as review from './review.service';
import * as rounds from './rounds.service';

const writer = (ctx: Context, check: (v: Viewer | null) => Viewer): Writer => ({ viewer: check(ctx.viewer), requestId: ctx.requestId, now: ctx.auth.now() });

async function cityIdOf(ctx: Context, code: string): Promise<string | null> {
  return (await cityByCode(ctx.db.prisma, code))?.id ?? null;
}

export const allocationResolvers: Resolvers = {
  Query: {
    myApplications: (_p, _a, ctx) => queries.myApplications(ctx.db.prisma, allocationPolicy.vendor(ctx.viewer)),
    myAssignments: (_p, _a, ctx) => queries.myAssignments(ctx.db.prisma, allocationPolicy.vendor(ctx.viewer)),
    myCheckIns: (_p, { first }, ctx) => queries.myCheckIns(ctx.db.prisma, allocationPolicy.vendor(ctx.viewer), first),
    applications: (_p, args, ctx) => queries.applications(ctx.db.prisma, allocationPolicy.read(ctx.viewer), args),
    assignments: (_p, args, ctx) => queries.assignments(ctx.db.prisma, allocationPolicy.read(ctx.viewer), args),
    allocationRound: async (_p, { city, id }, ctx) => rounds.publicRound(ctx.db.prisma, await cityIdOf(ctx, city), id),
    allocationRounds: async (_p, { city, zoneId }, ctx) => rounds.publicRounds(ctx.db.prisma, await cityIdOf(ctx, city), zoneId),
  },
  Mutation: {
    applyForSpot: (_p, { input }, ctx) => apps.applyForSpot(ctx.db.prisma, writer(ctx, allocationPolicy.vendor), input),
    withdrawApplication: (_p, { id }, ctx) => apps.withdrawApplication(ctx.db.prisma, writer(ctx, allocationPolicy.vendor), id),
    resubmitApplication: (_p, { id, note }, ctx) => apps.resubmitApplication(ctx.db.prisma, writer(ctx, allocationPolicy.vendor), id, note),
    approveApplication: (_p, { id, spotId, expectedVersion }, ctx) =>
      review.approveApplication(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, spotId, expectedVersion),
    rejectApplication: (_p, { id, reason }, ctx) => review.rejectApplication(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, reason),
    returnApplication: (_p, { id, reason }, ctx) => review.returnApplication(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, reason),
    renewAssignment: (_p, { id, endsOn }, ctx) => assignments.renewAssignment(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, endsOn),
    suspendAssignment: (_p, { id, reason }, ctx) => assignments.suspendAssignment(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, reason),
    reinstateAssignment: (_p, { id }, ctx) => assignments.reinstateAssignment(ctx.db.prisma, writer(ctx, allocationPolicy.review), id),
    revokeAssignment: (_p, { id, reason }, ctx) => assignments.revokeAssignment(ctx.db.prisma, writer(ctx, allocationPolicy.review), id, reason),
    openAllocationRound: (_p, { input }, ctx) => rounds.openAllocationRound(ctx.db.prisma, writer(ctx, allocationPolicy.rounds), input),
    drawAllocationRound: (_p, { id }, ctx) => rounds.drawAllocationRound(ctx.db.prisma, writer(ctx, allocationPolicy.rounds), id),
    checkIn: (_p, { assignmentId, point, crs }, ctx) =>
      checkIns.checkIn(ctx.db.prisma, writer(ctx, allocationPolicy.vendor), assignmentId, point, crs ?? 'WGS84'),
    checkOut: (_p, { id }, ctx) => checkIns.checkOut(ctx.db.prisma, writer(ctx, allocationPolicy.vendor), id),
  },
  ...allocationFields,
};
