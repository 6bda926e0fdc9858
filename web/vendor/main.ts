// The vendor's phone page (/vendor): where am I, which free spots near me may I use for what I sell,
// apply for one, follow my applications and assignments, check in and out. Plain DOM over the public
// and vendor parts of the GraphQL API; the city comes from the URL (?city=371300, the default).
import 'maplibre-gl/dist/maplibre-gl.css';
import './vendor.css';
import { ApiError, errorWords, gql, session, whenSignedOut } from './api';
import { Account } from './account';
import { ApplyPanel } from './apply';
import { BusinessTypes } from './business-types';
import { isoDay } from './format';
import { LocateError, locate, pointGeo, pointWords, type Lnglat } from './locate';
import { SpotMap } from './map';
import { MyStalls } from './mine';
import { ME, OPEN_SPOTS_NEAR, type Me, type OpenSpot } from './queries';
import { SpotList } from './spots';

declare global {
  /** Test and integration hook: the maplibre map (as the embed's window.__bianminMap). */
  interface Window { __bianminVendorMap?: SpotMap['map'] }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const CITY = /^\d{6}$/.test(params.get('city') ?? '') ? params.get('city')! : '371300';
// Before anything is known the map shows the whole country; the city's published map (its public
// TileJSON) then gives its centre, and after sign-in the account's city does, unless a point is set.
const COUNTRY: Lnglat = [104.2, 35.9];

let me: Lnglat | null = null;
let signedIn = false;
let searchSeq = 0;

const where = $<HTMLParagraphElement>('where');
const searchStatus = $<HTMLParagraphElement>('search-status');
const atInput = $<HTMLInputElement>('at');
const radius = $<HTMLSelectElement>('radius');

function say(p: HTMLElement, text: string, bad = false): void {
  p.textContent = text;
  p.classList.toggle('bad', bad);
}

const types = new BusinessTypes($<HTMLSelectElement>('type'), $<HTMLParagraphElement>('type-hint'), params.get('type'));
const list = new SpotList($<HTMLOListElement>('spots'), (s) => void choose(s));
const map = new SpotMap($('map'), COUNTRY, 3, {
  onPoint: (p) => void setPoint(p, '地图点选 tapped on the map'),
  onSpot: (id) => {
    list.select(id, true);
    void choose(list.byId(id));
  },
});
window.__bianminVendorMap = map.map;
const mine = new MyStalls((code) => types.nameOf(code));
const apply = new ApplyPanel(() => mine.refresh());

/** The instant asked about: the "when" field (the phone's local time), or now. */
function askedAt(): Date {
  const t = atInput.value ? new Date(atInput.value) : new Date();
  return Number.isNaN(t.getTime()) ? new Date() : t;
}

async function choose(spot: OpenSpot | null): Promise<void> {
  const at = askedAt();
  apply.show(spot, signedIn, types.value, types.nameOf(types.value), isoDay(new Date()), isoDay(at));
  await map.select(spot);
}

async function setPoint(p: Lnglat, how: string): Promise<void> {
  me = p;
  say(where, `我的位置 my point（${how}）：${pointWords(p)}`);
  await map.setMe(p);
  await search();
}

async function search(): Promise<void> {
  if (!me) {
    say(searchStatus, '请先定位，或在地图上点选您的位置 / locate yourself or tap the map first', true);
    return;
  }
  const type = types.value;
  if (!type) {
    say(searchStatus, '请先选择业态 / choose your business type first', true);
    return;
  }
  const seq = ++searchSeq;
  const at = askedAt();
  say(searchStatus, '正在查找… / searching…');
  try {
    const { openSpotsNear: spots } = await gql<{ openSpotsNear: OpenSpot[] }>(OPEN_SPOTS_NEAR, {
      p: pointGeo(me), type, at: atInput.value ? at.toISOString() : null, r: Number(radius.value),
    });
    if (seq !== searchSeq) return; // a newer search is on its way
    types.learn(spots);
    list.show(spots, at, !atInput.value);
    await map.setSpots(spots, me);
    const within = radius.selectedOptions[0]?.textContent ?? '';
    say(searchStatus, spots.length
      ? `找到 ${spots.length} 个空闲摊位（${within}）/ ${spots.length} free spots found, nearest first`
      : `${within}内此时没有可用摊位：可扩大范围、换个时间或业态 / no free spot within reach then: widen the range, or try another time or type`);
    await choose(list.current);
  } catch (e) {
    if (seq !== searchSeq) return;
    const unknownType = e instanceof ApiError && e.code === 'BAD_USER_INPUT' && e.ext.field === 'businessType';
    say(searchStatus, unknownType && !signedIn
      ? `本市不认识业态“${type}”：请登录后从本市业态中选择 / the city does not know "${type}": sign in to choose from its business types`
      : errorWords(e), true);
  }
}

const handlers = {
  async signedIn(): Promise<void> {
    try {
      const who = await gql<Me>(ME);
      signedIn = true;
      types.fromCatalogue(who.businessTypes, who.myVendorProfile?.businessTypes ?? []);
      const name = who.myVendorProfile ? `${who.myVendorProfile.name}（${who.myVendorProfile.phone}）` : who.me?.displayName ?? '';
      account.show(true, name);
      $('mine').hidden = false;
      if (!me && who.city) map.map.jumpTo({ center: who.city.center as Lnglat, zoom: Math.max(who.city.zoom, 14) });
      await Promise.all([mine.refresh(), me ? search() : choose(list.current)]);
    } catch (e) {
      say($('signin-status'), errorWords(e), true);
    }
  },
  signedOut,
};
const account = new Account(CITY, handlers);

function signedOut(): void {
  signedIn = false;
  account.show(false);
  types.forPublic();
  mine.clear();
  $('mine').hidden = true;
  void choose(list.current);
}
whenSignedOut(signedOut);

$('locate').addEventListener('click', async () => {
  say(where, '正在定位… / locating…');
  try {
    const { point, accuracyM } = await locate();
    map.map.jumpTo({ center: point, zoom: Math.max(map.map.getZoom(), 16) });
    await setPoint(point, `定位 located, ±${Math.round(accuracyM)} 米 m`);
  } catch (e) {
    say(where, e instanceof LocateError ? e.message : errorWords(e), true);
  }
});
$('use-centre').addEventListener('click', () => void setPoint(map.centre(), '地图中心 map centre'));
$<HTMLFormElement>('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void search();
});
// A changed question is asked again at once, once there is a point to ask about.
for (const input of [types.select, radius, atInput]) input.addEventListener('change', () => { if (me) void search(); });

/** The city's centre from its published map's public TileJSON (center: [lon, lat, zoom]); none published: the country stays. */
async function cityCentre(): Promise<void> {
  try {
    const res = await fetch(`/tiles/${CITY}/latest/tiles.json`);
    if (!res.ok) return;
    const tj = (await res.json()) as { center?: number[] };
    if (!me && !signedIn && tj.center?.length === 3) map.map.jumpTo({ center: [tj.center[0], tj.center[1]], zoom: Math.max(tj.center[2], 14) });
  } catch {
    // offline or no published map: the country view stays until the vendor locates or signs in
  }
}
void cityCentre();

if (session.token()) void handlers.signedIn();
else signedOut();
