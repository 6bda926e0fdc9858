// Thin: authorize, call the service, return.
import type { Resolvers } from '../../generated/graphql';
import type { Context } from '../../graphql/context';
import { zoneOccupancyLoader } from '../spots/occupancy.service';
import { clampOpenings } from '../rules/public-zone';
import { cityOrNotFound, mapZones } from './map-search.service';
import { mapPaths } from './map.paths';
import { publicationPolicy } from './publication.policy';
import * as service from './publication.service';
import * as sql from './publication.sql';

const writer = (ctx: Context) => ({ viewer: publicationPolicy.publish(ctx.viewer), requestId: ctx.requestId });

export const publicationResolvers: Resolvers = {
  Query: {
    publishedMap: async (_p, { city }, ctx) => {
      const c = await cityOrNotFound(ctx.db, city);
      const current = await sql.publicationByVersion(ctx.db.sql, c.id, null);
      return current && {
        cityId: c.id, city: c.code, cityName: c.name, cityNameEn: c.nameEn, center: [c.centerLon, c.centerLat], zoom: c.zoom, current,
      };
    },
    mapZones: (_p, args, ctx) => mapZones(ctx.db, args),
    publications: (_p, { first }, ctx) => service.publications(ctx.db, publicationPolicy.list(ctx.viewer), first),
    previewPublication: (_p, _a, ctx) => service.previewPublication(ctx.db.prisma, publicationPolicy.preview(ctx.viewer)),
  },
  Mutation: {
    publishMap: (_p, args, ctx) => service.publishMap(ctx.db.prisma, writer(ctx), args),
    republishVersion: (_p, { version, note }, ctx) => service.republishVersion(ctx.db.prisma, writer(ctx), version, note),
  },
  PublishedMap: {
    styleUrl: (m) => mapPaths(m.city, m.current.version).style,
    tileJsonUrl: (m) => mapPaths(m.city, m.current.version).tileJson,
    geojsonUrls: (m) => {
      const p = mapPaths(m.city, m.current.version);
      return [p.geojson('zones'), p.geojson('spots'), p.geojson('features')];
    },
  },
  MapZone: {
    nextOpenings: (z, { count }) => z.openings.slice(0, clampOpenings(count)),
    occupancy: (z, _a, ctx) => zoneOccupancyLoader(ctx, z.cityId).load(z.id),
  },
};
