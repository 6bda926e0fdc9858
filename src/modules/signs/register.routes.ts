// The public register of shop-sign permits as files: GET /signs/{city}/register.geojson (a FeatureCollection
// of points) and /signs/{city}/register.csv (one row per sign). Only what the register shows: permit
// number, shop name, street, location, sign type and size, validity — never an applicant or a contact.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/database';
import { signRegister, type RegisteredSign } from './queries.service';

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. A leading
 * =, +, - or @ is prefixed with ' so a spreadsheet does not run the shop name as a formula. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_HEADER = ['permit_number', 'shop_name', 'street', 'lon', 'lat', 'sign_type', 'width_m', 'height_m', 'area_m2', 'lighting', 'valid_from', 'valid_until', 'status'];

export function registerCsv(rows: readonly RegisteredSign[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const r of rows) {
    for (const s of r.signs) {
      lines.push([r.permitNumber, r.shopName, r.streetName, r.location.coordinates[0], r.location.coordinates[1], s.type, s.widthM, s.heightM,
        s.areaM2, s.lighting, r.validFrom, r.validUntil, r.status].map(csvField).join(','));
    }
  }
  // A byte-order mark, so spreadsheet programs read the Chinese names as UTF-8.
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

export function registerGeoJson(rows: readonly RegisteredSign[]) {
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => ({
      type: 'Feature' as const,
      id: r.permitNumber,
      geometry: r.location,
      properties: {
        permitNumber: r.permitNumber, shopName: r.shopName, street: r.streetName, validFrom: r.validFrom, validUntil: r.validUntil, status: r.status,
        signs: r.signs.map((s) => ({ type: s.type, widthM: s.widthM, heightM: s.heightM, areaM2: s.areaM2, lighting: s.lighting })),
      },
    })),
  };
}

export async function registerSignRegisterRoutes(app: FastifyInstance, opts: { db: Database; now?: () => Date }): Promise<void> {
  const now = opts.now ?? (() => new Date());
  const load = async (city: string) => (city.length <= 40 ? signRegister(opts.db.prisma, city, now()) : null);
  // The map endpoints' error shape (map-http.ts): { error, message, requestId }.
  const notFound = (reply: FastifyReply) =>
    reply.code(404).send({ error: 'NOT_FOUND', message: '未找到该城市 / no such city', requestId: reply.request.id });

  app.get<{ Params: { city: string } }>('/signs/:city/register.geojson', async (req, reply) => {
    const rows = await load(req.params.city);
    if (!rows) return notFound(reply);
    return reply.header('content-type', 'application/geo+json; charset=utf-8').header('cache-control', 'public, max-age=300').send(JSON.stringify(registerGeoJson(rows)));
  });

  app.get<{ Params: { city: string } }>('/signs/:city/register.csv', async (req, reply) => {
    const rows = await load(req.params.city);
    if (!rows) return notFound(reply);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sign-register-${encodeURIComponent(req.params.city)}.csv"`)
      .header('cache-control', 'public, max-age=300')
      .send(registerCsv(rows));
  });
}
