// The public map's live counts: a listener of /live/{city}/occupancy hears "checked in now" change when
// a vendor checks in and out through GraphQL, without asking again; the stream holds counts only.
import http from 'node:http';
import { startTestApp, login, type TestApp } from '../../../test/helpers/app';
import { createAccount, createCity, PASSWORD, WEST, type TestCity } from '../../../test/helpers/factories';
import { createSpot, createVendingZone, createVendor, day, offset } from '../../../test/helpers/allocation';

let app: TestApp;
let city: TestCity;
let base: string;

beforeAll(async () => {
  app = await startTestApp();
  city = await createCity(app.db);
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const a = app.server.server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => app.close());

type Counts = { zoneId: string; spots: number; checkedInNow: number; free: number };

/** Opens the stream and hands out its occupancy messages one by one. */
function listen(url: string) {
  const messages: Counts[][] = [];
  const raw: string[] = [];
  const waiters: (() => void)[] = [];
  let headers: http.IncomingHttpHeaders = {};
  const req = http.get(url, (res) => {
    headers = res.headers;
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      raw.push(chunk);
      buffer += chunk;
      for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = /^data: (.*)$/m.exec(block);
        if (/^event: occupancy$/m.test(block) && data) {
          messages.push((JSON.parse(data[1]) as { zones: Counts[] }).zones);
          waiters.splice(0).forEach((w) => w());
        }
      }
    });
  });
  return {
    headers: () => headers,
    raw,
    async next(taken: number): Promise<Counts[]> {
      const deadline = Date.now() + 15_000;
      while (messages.length <= taken) {
        if (Date.now() > deadline) throw new Error(`no message ${taken + 1} on the stream`);
        await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 500); });
      }
      return messages[taken];
    },
    close: () => req.destroy(),
  };
}

it('sends the counts at once, then again when a vendor checks in and out', async () => {
  const admin = await login(app, (await createAccount(app.db, city, 'ADMIN')).username, PASSWORD);
  const zoneId = await createVendingZone(app.db, city, WEST.lon, WEST.lat); // open around the clock
  const centre = offset(WEST.lon, WEST.lat, 10, 10);
  const spotId = await createSpot(app.db, city, zoneId, 1, centre);
  const vendor = await createVendor(app.db, city);
  const token = await login(app, vendor.username, PASSWORD);
  const applied = await app.gql<{ applyForSpot: { id: string } }>('mutation($i: ApplyForSpotInput!) { applyForSpot(input: $i) { id } }',
    { i: { zoneId, spotId, businessType: 'food.snacks', startsOn: day(0), endsOn: day(5) } }, token);
  const approved = await app.gql<{ approveApplication: { id: string } }>('mutation($id: ID!) { approveApplication(id: $id) { id } }', { id: applied.data!.applyForSpot.id }, admin);

  const stream = listen(`${base}/live/${city.code}/occupancy`);
  const first = (await stream.next(0)).find((z) => z.zoneId === zoneId)!;
  expect(stream.headers()['content-type']).toMatch(/text\/event-stream/);
  expect(stream.headers()['access-control-allow-origin']).toBe('*');
  expect(first).toEqual({ zoneId, spots: 1, checkedInNow: 0, free: 0 });

  const inn = await app.gql<{ checkIn: { id: string } }>('mutation($a: ID!, $p: GeoJSON!) { checkIn(assignmentId: $a, point: $p) { id } }',
    { a: approved.data!.approveApplication.id, p: { type: 'Point', coordinates: centre } }, token);
  expect(inn.errors).toBeUndefined();
  expect((await stream.next(1)).find((z) => z.zoneId === zoneId)!.checkedInNow).toBe(1);

  await app.gql('mutation($id: ID!) { checkOut(id: $id) { id } }', { id: inn.data!.checkIn.id }, token);
  expect((await stream.next(2)).find((z) => z.zoneId === zoneId)!.checkedInNow).toBe(0);
  stream.close();
  // Counts only: no vendor's name, account or phone travels on the public stream.
  const all = stream.raw.join('');
  expect(all).not.toContain(vendor.username);
  expect(all).not.toMatch(/1[3-9]\d{9}/);
});

it('answers an unknown city with 404', async () => {
  const res = await fetch(`${base}/live/nowhere/occupancy`);
  expect(res.status).toBe(404);
  expect(((await res.json()) as { message: string }).message).toMatch(/unknown city/);
});
