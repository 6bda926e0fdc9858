// The operations the explorer opens with, one tab each, on the demo city 临沂市 Linyi (371300). Kept as
// plain data, without React or the DOM, so test/explorer.test.ts can validate every one against
// schema.graphql: an example that drifts from the schema fails the suite instead of confusing a reader.

export interface ExplorerExample {
  /** The operation name, which GraphiQL also shows as the tab's title. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Header values must be ASCII: fetch() refuses anything else, so the explanation stays in the query. */
  headers?: Record<string, string>;
}

/** The demo city's code: public operations name the city, signed-in ones take it from the account. */
export const DEMO_CITY = '371300';

/** On 洗砚池街 Xiyanchi Street, a feature street of the demo city with stall spots (open 10:00–23:00). */
const XIYANCHI: { type: 'Point'; coordinates: [number, number] } = { type: 'Point', coordinates: [118.3572, 35.0662] };

/** A Friday evening, local time, when most demo zones are open: "now" may be 3 a.m. and answer nothing. */
const FRIDAY_EVENING = '2026-12-04T19:30:00+08:00';

const SIGNED_IN = { Authorization: 'Bearer PASTE_THE_TOKEN_FROM_LOGIN' };

export const EXAMPLES: ExplorerExample[] = [
  {
    name: 'ZoneOccupancy',
    query: `# 各摆摊区域的摊位使用情况（公开）
# spots and their use per vending zone (public)
query ZoneOccupancy {
  zoneOccupancy(city: "${DEMO_CITY}") {
    zoneId
    occupancy {
      spots assigned free
      checkedInNow waitingList
    }
  }
}
`,
  },
  {
    name: 'Login',
    query: `# 登录：演示账号 officer，密码见服务启动时的输出；
# 把返回的 token 填入“请求头 Headers”
# sign in: demo account officer, the password is
# printed when the service starts; paste the token
# into Headers: {"Authorization": "Bearer <token>"}
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
    expiresAt
    account {
      username displayName role
      city { code name nameEn }
    }
  }
}
`,
    variables: { username: 'officer', password: 'DEMO_PASSWORD_FROM_THE_SERVER_LOG' },
  },
  {
    name: 'OpenFoodZones',
    query: `# 某一时刻可经营餐饮（food）的区域；需先登录
# zones open for food at an instant; needs the
# token of Login in Headers
query OpenFoodZones(
  $openAt: DateTime!
  $businessType: String!
) {
  zones(
    openAt: $openAt
    businessType: $businessType
    first: 10
  ) {
    totalCount
    edges {
      node {
        id name kind
        district { name nameEn }
        isOpen(at: $openAt, businessType: $businessType)
        nextOpenings(from: $openAt, count: 2) {
          from to
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: { openAt: FRIDAY_EVENING, businessType: 'food' },
    headers: SIGNED_IN,
  },
  {
    name: 'VendingCheck',
    query: `# 此时此地可以摆摊卖小吃吗？（公开；不给 at 即现在）
# 坐标为 WGS84；高德、微信的坐标用 crs: GCJ02
# may I vend snacks here? (public; no at: now)
# WGS84; points from AMap or WeChat: crs: GCJ02
query VendingCheck(
  $point: GeoJSON!
  $businessType: String!
  $at: DateTime
) {
  vendingCheck(
    point: $point
    businessType: $businessType
    at: $at
    crs: WGS84
  ) {
    allowed
    at
    reasons { code message distanceM }
    zones {
      name kind
      weeklySchedule {
        days { dayName windows }
        season holidays
      }
    }
    nextAllowedAt
    nearestAllowedZone {
      distanceM
      zone { name nextOpenings { from to } }
    }
  }
}
`,
    variables: { point: XIYANCHI, businessType: 'food.snacks', at: FRIDAY_EVENING },
  },
  {
    name: 'OpenSpotsNear',
    query: `# 附近可用的空闲摊位，由近及远（公开；不给 at 即现在）
# free stall spots nearby, nearest first (public)
query OpenSpotsNear(
  $point: GeoJSON!
  $businessType: String!
  $at: DateTime
  $radiusM: Float
) {
  openSpotsNear(
    point: $point
    businessType: $businessType
    at: $at
    radiusM: $radiusM
    crs: WGS84
    first: 10
  ) {
    distanceM
    spot { id number widthM depthM businessType }
    zone {
      name
      weeklySchedule { days { dayName windows } }
    }
  }
}
`,
    variables: { point: XIYANCHI, businessType: 'food.drinks', at: FRIDAY_EVENING, radiusM: 1000 },
  },
  {
    name: 'RequestLoginCode',
    query: `# 摊主验证码登录第一步：验证码见服务日志
# （尚未接入短信网关）
# a vendor's sign-in, step 1: the code appears in
# the server log until an SMS gateway is plugged in
mutation RequestLoginCode($phone: String!) {
  requestLoginCode(city: "${DEMO_CITY}", phone: $phone) {
    expiresAt
    resendAfterSeconds
  }
}
`,
    variables: { phone: '19900001000' },
  },
  {
    name: 'LoginWithCode',
    query: `# 第二步：填入服务日志中的 6 位验证码
# step 2: the 6-digit code from the server log
mutation LoginWithCode(
  $phone: String!
  $code: String!
) {
  loginWithCode(
    city: "${DEMO_CITY}"
    phone: $phone
    code: $code
  ) {
    token
    expiresAt
    account { username role }
  }
}
`,
    variables: { phone: '19900001000', code: '000000' },
  },
];
