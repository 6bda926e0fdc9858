// Thin: authorize, call the service, return. "Now" is the request's clock (ctx.auth.now()), the one
// tests move; the services never read the time themselves.
import type { Resolvers } from '../../generated/graphql';
import type { Context, Viewer } from '../../graphql/context';
import { districtLoader } from '../cities/cities.loaders';
import type { Writer } from '../allocation/allocation.common';
import { piiFor } from '../vendors/pii';
import { maskPhone } from '../vendors/pii-format';
import * as apps from './applications.service';
import * as guides from './guides.service';
import { guideById } from './guides.sql';
import { filesOf } from './files.sql';
import * as queries from './queries.service';
import * as review from './review.service';
import { fileUrl, storedCompliance } from './signs.models';
import { signsPolicy } from './signs.policy';

const writer = (ctx: Context, check: (v: Viewer | null) => Viewer): Writer => ({ viewer: check(ctx.viewer), requestId: ctx.requestId, now: ctx.auth.now() });
const reviewer = (ctx: Context) => writer(ctx, signsPolicy.review);
const applicant = (ctx: Context) => writer(ctx, signsPolicy.applicant);

export const signsResolvers: Resolvers = {
  Query: {
    signComplianceCheck: (_p, { location, crs, facade, signs }, ctx) =>
      guides.signComplianceCheck(ctx.db.prisma, { location, crs, facade, signs }, ctx.auth.now()),
    signGuides: (_p, { city }, ctx) => guides.publicGuides(ctx.db.prisma, city, ctx.auth.now()),
    signRegister: async (_p, { city, first }, ctx) => (await queries.signRegister(ctx.db.prisma, city, ctx.auth.now(), first ?? 500)) ?? [],
    mySignApplications: (_p, _a, ctx) => queries.mySignApplications(ctx.db.prisma, signsPolicy.applicant(ctx.viewer), ctx.auth.now()),
    signApplication: (_p, { id }, ctx) => queries.signApplication(ctx.db.prisma, signsPolicy.reader(ctx.viewer), id, ctx.auth.now()),
    signApplications: (_p, { status, first }, ctx) => queries.signApplications(ctx.db.prisma, signsPolicy.staff(ctx.viewer), status, first, ctx.auth.now()),
    expiringSignPermits: (_p, { withinDays }, ctx) => queries.expiringSignPermits(ctx.db.prisma, signsPolicy.staff(ctx.viewer), withinDays, ctx.auth.now()),
  },
  Mutation: {
    setSignGuide: (_p, { input }, ctx) => guides.setSignGuide(ctx.db.prisma, writer(ctx, signsPolicy.guides), input),
    createSignApplication: (_p, { input }, ctx) => apps.createSignApplication(ctx.db, applicant(ctx), input),
    updateSignApplication: (_p, { id, input }, ctx) => apps.updateSignApplication(ctx.db, applicant(ctx), id, input),
    submitSignApplication: (_p, { id }, ctx) => apps.submitSignApplication(ctx.db.prisma, applicant(ctx), id),
    startSignReview: (_p, { id }, ctx) => review.startSignReview(ctx.db.prisma, reviewer(ctx), id),
    returnSignApplication: (_p, { id, reason }, ctx) => review.returnSignApplication(ctx.db.prisma, reviewer(ctx), id, reason),
    approveSignApplication: (_p, { id, validUntil }, ctx) => review.approveSignApplication(ctx.db.prisma, reviewer(ctx), id, validUntil),
    rejectSignApplication: (_p, { id, reason }, ctx) => review.rejectSignApplication(ctx.db.prisma, reviewer(ctx), id, reason),
    renewSignPermit: (_p, { id, validUntil }, ctx) => review.renewSignPermit(ctx.db.prisma, reviewer(ctx), id, validUntil),
    revokeSignPermit: (_p, { id, reason }, ctx) => review.revokeSignPermit(ctx.db.prisma, reviewer(ctx), id, reason),
    addSignApplicationNote: (_p, { id, text }, ctx) => review.addSignApplicationNote(ctx.db.prisma, writer(ctx, signsPolicy.staff), id, text),
  },
  SignApplication: {
    district: (a, _x, ctx) => districtLoader(ctx, a.cityId).load(a.districtId),
    contactPhone: async (a, _x, ctx) => {
      const phone = (await piiFor(ctx.db)).decrypt(a.contactPhoneEnc, apps.phoneContext(a.cityId, a.id));
      return ctx.viewer && signsPolicy.seesFullPhone(ctx.viewer, a) ? phone : maskPhone(phone);
    },
    guide: async (a, _x, ctx) => (await guideById(ctx.db.prisma, a.cityId, a.guideId))!,
    compliance: (a) => storedCompliance(a.compliance),
    attachments: (a, _x, ctx) => filesOf(ctx.db.prisma, a.cityId, a.id),
    notes: (a, _x, ctx) => (ctx.viewer?.role === 'VENDOR' ? [] : ctx.db.prisma.signNote.findMany({
      where: { cityId: a.cityId, applicationId: a.id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { text: true, createdAt: true },
    })),
  },
  SignSpec: {
    areaM2: (s) => Math.round(s.widthM * s.heightM * 100) / 100,
  },
  SignFile: {
    url: (f) => fileUrl(f.id),
  },
};
