// The GraphQL documents the page sends and the shapes of their answers (schema.graphql is the
// contract; these types are the part of it the page reads). GeoJSON always travels in variables.

export interface Polygon { type: 'Polygon'; coordinates: number[][][] }
export interface MultiPolygon { type: 'MultiPolygon'; coordinates: number[][][][] }
export interface Interval { from: string; to: string }
export interface ScheduleDay { day: number; dayName: string; windows: string[] }
export interface WeeklySchedule { days: ScheduleDay[]; season: string; holidays: string }
export interface PublicBusinessType { code: string; name: string; nameEn: string }

export interface PublicZone {
  id: string;
  name: string;
  geometry: Polygon | MultiPolygon;
  weeklySchedule: WeeklySchedule | null;
  scheduleFrom: string | null;
  allowedBusinessTypes: PublicBusinessType[] | null;
  nextOpenings: Interval[];
}

export interface OpenSpot {
  distanceM: number;
  spot: { id: string; number: number; footprint: Polygon; widthM: number; depthM: number };
  zone: PublicZone;
}

const ZONE_FIELDS = `id name geometry scheduleFrom
  weeklySchedule { days { day dayName windows } season holidays }
  allowedBusinessTypes { code name nameEn } nextOpenings(count: 2) { from to }`;

export const OPEN_SPOTS_NEAR = `query Near($p: GeoJSON!, $type: String!, $at: DateTime, $r: Float) {
  openSpotsNear(point: $p, businessType: $type, at: $at, radiusM: $r, crs: WGS84, first: 30) {
    distanceM spot { id number footprint widthM depthM } zone { ${ZONE_FIELDS} }
  }
}`;

export interface BusinessType { code: string; parentCode: string | null; name: string; nameEn: string }
export interface Me {
  me: { id: string; role: string; displayName: string } | null;
  myVendorProfile: { name: string; phone: string; businessTypes: string[] } | null;
  city: { center: number[]; zoom: number } | null;
  businessTypes: BusinessType[];
}

export const ME = `query Me {
  me { id role displayName }
  myVendorProfile { name phone businessTypes }
  city { center zoom }
  businessTypes { code parentCode name nameEn }
}`;

export const REQUEST_CODE = `mutation Code($city: String!, $phone: String!) {
  requestLoginCode(city: $city, phone: $phone) { expiresAt resendAfterSeconds }
}`;
export interface CodeSent { requestLoginCode: { expiresAt: string; resendAfterSeconds: number } }

export const LOGIN_WITH_CODE = `mutation SignIn($city: String!, $phone: String!, $code: String!) {
  loginWithCode(city: $city, phone: $phone, code: $code) { token expiresAt }
}`;
export interface SignedIn { loginWithCode: { token: string; expiresAt: string } }

export const APPLY = `mutation Apply($i: ApplyForSpotInput!) {
  applyForSpot(input: $i) { id status zone { name } spot { number } }
}`;
export interface Applied { applyForSpot: { id: string; status: string; zone: { name: string }; spot: { number: number } | null } }

export interface MyApplication {
  id: string; status: string; businessType: string; startsOn: string; endsOn: string;
  reason: string | null; waitingPosition: number | null; zone: { id: string; name: string }; spot: { number: number } | null;
}
export interface MyAssignment {
  id: string; status: string; businessType: string; startsOn: string; endsOn: string; reason: string | null;
  spot: { id: string; number: number; footprint: Polygon }; zone: { id: string; name: string; nextOpenings: Interval[] };
}
export interface MyCheckIn { id: string; at: string; distanceM: number; endsAt: string; active: boolean; assignment: { id: string } }
export interface Mine { myApplications: MyApplication[]; myAssignments: MyAssignment[]; myCheckIns: MyCheckIn[] }

export const MINE = `query Mine {
  myApplications { id status businessType startsOn endsOn reason waitingPosition zone { id name } spot { number } }
  myAssignments { id status businessType startsOn endsOn reason spot { id number footprint } zone { id name nextOpenings(count: 1) { from to } } }
  myCheckIns(first: 5) { id at distanceM endsAt active assignment { id } }
}`;

export const WITHDRAW = `mutation Withdraw($id: ID!) { withdrawApplication(id: $id) { id status } }`;

export const CHECK_IN = `mutation CheckIn($a: ID!, $p: GeoJSON!) {
  checkIn(assignmentId: $a, point: $p, crs: WGS84) { id active distanceM endsAt }
}`;
export interface CheckedIn { checkIn: { id: string; active: boolean; distanceM: number; endsAt: string } }

export const CHECK_OUT = `mutation CheckOut($id: ID!) { checkOut(id: $id) { id active checkedOutAt } }`;
