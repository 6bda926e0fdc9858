// Every word the embed shows, in Chinese (the default: the map is for a Chinese city's residents) and
// English, in one table so a missing translation is a type error rather than a blank label. The API's
// own texts (hours, seasons) arrive as "中文 / English" and are split here, not translated again.

export type Lang = 'zh' | 'en';

export const ZONE_KINDS = [
  'FEATURE_STREET', 'STALL_CLUSTER', 'SERVICE_POINT', 'MORNING_MARKET', 'NIGHT_MARKET', 'TEMPORARY_MARKET',
  'GUIDED_STALL_POINT', 'FARMERS_PRODUCE_POINT', 'REPAIR_AND_KEY_POINT', 'RURAL_REVITALISATION_POINT', 'NO_VENDING',
] as const;
export type ZoneKind = (typeof ZONE_KINDS)[number];

export const isZoneKind = (s: unknown): s is ZoneKind => typeof s === 'string' && (ZONE_KINDS as readonly string[]).includes(s);

const KIND_NAMES: Record<ZoneKind, [string, string]> = {
  FEATURE_STREET: ['特色商业街', 'Feature commercial street'],
  STALL_CLUSTER: ['便民摊点群', 'Stall cluster'],
  SERVICE_POINT: ['便民服务点', 'Convenience service point'],
  MORNING_MARKET: ['早市', 'Morning market'],
  NIGHT_MARKET: ['夜市', 'Night market'],
  TEMPORARY_MARKET: ['临时市场', 'Temporary market'],
  GUIDED_STALL_POINT: ['疏导点', 'Guided stall point'],
  FARMERS_PRODUCE_POINT: ['农民自产自销点', "Farmers' own-produce point"],
  REPAIR_AND_KEY_POINT: ['三修一配', 'Repair and key point'],
  RURAL_REVITALISATION_POINT: ['乡村振兴销售点', 'Rural revitalisation sales point'],
  NO_VENDING: ['禁设区域', 'No-vending area'],
};

const STRINGS = {
  title: ['便民服务地图', 'Convenience service map'],
  filters: ['筛选', 'Filters'],
  list: ['列表', 'List'],
  switchLang: ['English', '中文'],
  switchLangLabel: ['Switch to English', '切换到中文'],
  openNow: ['营业中', 'Open now'],
  time: ['时间', 'Time'],
  timeHint: ['不填即现在；北京时间，可选未来两周', 'Empty: now. Beijing time, up to two weeks ahead'],
  now: ['现在', 'Now'],
  businessType: ['业态', 'Business type'],
  allTypes: ['全部业态', 'All business types'],
  legend: ['图例', 'Legend'],
  spots: ['摊位', 'Stall spots'],
  features: ['禁设缓冲区（校门、消防栓等）', 'No-vending buffers (school gates, hydrants …)'],
  signs: ['已许可店招', 'Permitted shop signs'],
  signPermit: ['店招许可', 'Shop-sign permit'],
  permitNumber: ['许可编号', 'Permit number'],
  signTypes: ['招牌类型', 'Signs'],
  validUntil: ['有效期至', 'Valid until'],
  sign_FASCIA: ['平面门头招牌', 'Flat fascia sign'],
  sign_PROJECTING: ['突出式招牌', 'Projecting sign'],
  sign_CANOPY: ['雨棚招牌', 'Canopy sign'],
  sign_WINDOW_LETTERING: ['橱窗字', 'Window lettering'],
  sign_ROOFTOP: ['屋顶招牌', 'Rooftop sign'],
  listTitle: ['区域列表', 'Zones'],
  sortBy: ['排序', 'Sort by'],
  byName: ['按名称', 'Name'],
  byDistance: ['按离我距离', 'Distance from me'],
  locating: ['正在获取您的位置…', 'Finding your location…'],
  located: ['已按离您的距离排序', 'Sorted by distance from you'],
  geoDenied: ['未获准使用您的位置，无法按距离排序。请在浏览器设置中允许本页定位，或按名称排序。',
    'Location permission was refused, so the list cannot be sorted by distance. Allow location for this page in your browser settings, or sort by name.'],
  geoFailed: ['暂时无法获取您的位置，请稍后再试，或按名称排序。', 'Your location is not available now: try again later, or sort by name.'],
  open: ['营业中', 'Open'],
  closed: ['未营业', 'Closed'],
  openUntil: ['营业至', 'Open until'],
  nextOpening: ['下次营业', 'Next opening'],
  noOpening: ['未来两周无营业时段', 'No opening in the coming two weeks'],
  hours: ['营业时间', 'Hours'],
  dayOff: ['休息', 'closed'],
  allowedTypes: ['允许业态', 'Allowed business types'],
  anyType: ['不限', 'All'],
  noType: ['无', 'None'],
  freeSpots: ['空闲摊位', 'Free stalls'],
  district: ['所在区', 'District'],
  noVending: ['禁设区域：此处不得摆摊设点', 'No-vending area: no stalls here'],
  scheduleFrom: ['以上时间自', 'These hours apply from'],
  loading: ['加载中…', 'Loading…'],
  notPublished: ['该城市尚未发布便民服务地图', 'This city has not published its map yet'],
  failed: ['加载失败，请稍后重试', 'Could not load the map: please try again later'],
  noCity: ['未指定城市（city 参数）', 'No city given (the city parameter)'],
  mapLabel: ['地图：点击区域查看详情', 'Map: click a zone for its details'],
  noZones: ['没有符合条件的区域', 'No zones match'],
  closeList: ['关闭列表', 'Close the list'],
  closePanel: ['收起', 'Close'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof STRINGS;

const at = (lang: Lang) => (lang === 'zh' ? 0 : 1);

export const t = (lang: Lang, key: Key): string => STRINGS[key][at(lang)];
export const kindName = (lang: Lang, kind: ZoneKind): string => KIND_NAMES[kind][at(lang)];

export function countWords(lang: Lang, shown: number, total: number, open: number): string {
  const cut = shown < total;
  if (lang === 'zh') return `共 ${total} 处，${open} 处营业中${cut ? `（列出前 ${shown} 处）` : ''}`;
  return `${total} zone${total === 1 ? '' : 's'}, ${open} open${cut ? ` (first ${shown} listed)` : ''}`;
}

export function activeWords(lang: Lang, active: number, spots: number): string {
  return lang === 'zh' ? `${spots} 个摊位中 ${active} 个正在营业` : `${active} of ${spots} stalls active now`;
}

export function distanceWords(lang: Lang, m: number): string {
  if (m < 1000) return lang === 'zh' ? `${Math.round(m)} 米` : `${Math.round(m)} m`;
  const km = (m / 1000).toFixed(m < 10_000 ? 1 : 0);
  return lang === 'zh' ? `${km} 公里` : `${km} km`;
}

/** One side of the API's bilingual "中文 / English" texts (hours, season, holidays). */
export function side(lang: Lang, text: string): string {
  const i = text.indexOf(' / ');
  if (i < 0) return text;
  return lang === 'zh' ? text.slice(0, i) : text.slice(i + 3);
}
