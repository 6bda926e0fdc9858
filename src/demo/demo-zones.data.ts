// The demo city's zones: one or two of every kind per district, at the sizes the bureaus report
// (a stall cluster is one block of pavement, a service point a kiosk, a night market a few hundred metres).
// Rings are closed and counter-clockwise (RFC 7946). Vending zones keep at least 5 m from no-vending areas
// and from each other; all of this is checked with PostGIS, not by eye.
import type { DemoMultiPolygon, DemoPolygon, DemoZone } from './demo-city.data';

const LANSHAN = '371302';
const LUOZHUANG = '371311';
const HEDONG = '371312';

const poly = (ring: number[][]): DemoPolygon => ({ type: 'Polygon', coordinates: [ring] });
const multi = (...rings: number[][][]): DemoMultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: rings.map((ring) => [ring]),
});

export const DEMO_ZONES: DemoZone[] = [
  // 兰山区: the old core west of the Yi River
  {
    key: 'lanshan-jinqueshan-cluster', kind: 'STALL_CLUSTER', districtCode: LANSHAN,
    name: '金雀山路便民摊点群',
    nameEn: 'Jinqueshan Road Convenience Stall Cluster',
    // Both pavements of the same block form one zone; the carriageway between them stays out.
    geometry: multi(
      [[118.346507, 35.050757], [118.347493, 35.050757], [118.347493, 35.050865],
       [118.346507, 35.050865], [118.346507, 35.050757]],
      [[118.346507, 35.051135], [118.347493, 35.051135], [118.347493, 35.051243],
       [118.346507, 35.051243], [118.346507, 35.051135]],
    ),
  },
  {
    key: 'lanshan-xiyanchi-feature-street', kind: 'FEATURE_STREET', districtCode: LANSHAN,
    name: '洗砚池街特色商业街',
    nameEn: 'Xiyanchi Street Feature Commercial Street',
    note: "Pedestrian street by Wang Xizhi's former residence (王羲之故居).",
    geometry: poly([[118.355446, 35.066119], [118.358954, 35.066119], [118.358954, 35.066281],
      [118.355446, 35.066281], [118.355446, 35.066119]]),
  },
  {
    key: 'lanshan-yimeng-north-service', kind: 'SERVICE_POINT', districtCode: LANSHAN,
    name: '便民服务点（沂蒙路北段）',
    nameEn: 'Convenience Service Point (North Yimeng Road)',
    geometry: poly([[118.353405, 35.087932], [118.353405, 35.088068], [118.353295, 35.088068],
      [118.353295, 35.087932], [118.353405, 35.087932]]),
  },
  {
    key: 'lanshan-yinqueshan-morning-market', kind: 'MORNING_MARKET', districtCode: LANSHAN,
    name: '银雀山路早市',
    nameEn: 'Yinqueshan Road Morning Market',
    geometry: poly([[118.355004, 35.044248], [118.357196, 35.044248], [118.357196, 35.044392],
      [118.355004, 35.044392], [118.355004, 35.044248]]),
  },
  {
    key: 'lanshan-tongda-temporary-market', kind: 'TEMPORARY_MARKET', districtCode: LANSHAN,
    name: '春节年货临时市场（通达路）',
    nameEn: 'Spring Festival Goods Temporary Market (Tongda Road)',
    note: 'Only in the weeks before Spring Festival; the rest of the year this pavement is ordinary.',
    geometry: poly([[118.344339, 35.056008], [118.344339, 35.057992], [118.344141, 35.057992],
      [118.344141, 35.056008], [118.344339, 35.056008]]),
  },
  {
    key: 'lanshan-suhe-guided-point', kind: 'GUIDED_STALL_POINT', districtCode: LANSHAN,
    name: '涑河北街摊贩疏导点',
    nameEn: 'North Suhe Street Guided Stall Point',
    geometry: poly([[118.338007, 35.038586], [118.338993, 35.038586], [118.338993, 35.038694],
      [118.338007, 35.038694], [118.338007, 35.038586]]),
  },
  {
    key: 'lanshan-tongda-primary-produce', kind: 'FARMERS_PRODUCE_POINT', districtCode: LANSHAN,
    name: '农民自产自销瓜果疏导点（通达路小学东门）',
    nameEn: "Farmers' Own-Produce Point (Tongda Road Primary School East Gate)",
    // Kept about 40 m from the gate on purpose: a later rule adds a 50 m buffer at school-run times.
    geometry: poly([[118.343804, 35.047392], [118.343804, 35.047617], [118.343716, 35.047617],
      [118.343716, 35.047392], [118.343804, 35.047392]]),
  },
  {
    key: 'lanshan-jiefang-repair-key', kind: 'REPAIR_AND_KEY_POINT', districtCode: LANSHAN,
    name: '三修一配便民服务点（解放路）',
    nameEn: 'Repair and Key-Cutting Point (Jiefang Road)',
    geometry: poly([[118.346118, 35.061293], [118.346282, 35.061293], [118.346282, 35.061347],
      [118.346118, 35.061347], [118.346118, 35.061293]]),
  },
  {
    key: 'lanshan-renmin-square-rural', kind: 'RURAL_REVITALISATION_POINT', districtCode: LANSHAN,
    name: '乡村振兴农产品展销点（人民广场东南角）',
    nameEn: "Rural Revitalisation Produce Stand (People's Square South-East Corner)",
    geometry: poly([[118.360336, 35.053432], [118.360664, 35.053432], [118.360664, 35.053568],
      [118.360336, 35.053568], [118.360336, 35.053432]]),
  },
  {
    key: 'lanshan-no-vending-yizhong-gate', kind: 'NO_VENDING', districtCode: LANSHAN,
    name: '临沂第一中学校门周边禁设区域',
    nameEn: 'No-Vending Area at Linyi No. 1 Middle School Gate',
    geometry: poly([[118.353129, 35.055324], [118.353129, 35.056676], [118.352471, 35.056676],
      [118.352471, 35.055324], [118.353129, 35.055324]]),
  },
  {
    key: 'lanshan-no-vending-people-hospital', kind: 'NO_VENDING', districtCode: LANSHAN,
    name: '临沂市人民医院入口周边禁设区域',
    nameEn: "No-Vending Area at Linyi People's Hospital Entrance",
    // Spans the carriageway and both pavements: ambulances turn in here.
    geometry: poly([[118.363342, 35.06132], [118.364658, 35.06132], [118.364658, 35.061951],
      [118.363342, 35.061951], [118.363342, 35.06132]]),
  },
  {
    key: 'lanshan-no-vending-station-square', kind: 'NO_VENDING', districtCode: LANSHAN,
    name: '临沂站站前广场禁设区域',
    nameEn: 'No-Vending Area: Linyi Railway Station Forecourt',
    geometry: poly([[118.346903, 35.093139], [118.349097, 35.093139], [118.349097, 35.093861],
      [118.348658, 35.094131], [118.347342, 35.094131], [118.346903, 35.093861],
      [118.346903, 35.093139]]),
  },
  {
    key: 'lanshan-no-vending-yimeng-jiefang', kind: 'NO_VENDING', districtCode: LANSHAN,
    name: '沂蒙路与解放路交叉口禁设区域',
    nameEn: 'No-Vending Area: Yimeng Road / Jiefang Road Intersection',
    // A cross rather than a box: the 80 m approaches carry the queues and crossings, the block corners do not.
    geometry: poly([[118.352671, 35.060779], [118.353329, 35.060779], [118.353329, 35.06123], [118.353877, 35.06123],
      [118.353877, 35.06177], [118.353329, 35.06177], [118.353329, 35.062221], [118.352671, 35.062221],
      [118.352671, 35.06177], [118.352123, 35.06177], [118.352123, 35.06123], [118.352671, 35.06123],
      [118.352671, 35.060779]]),
  },
  // 河东区: east bank
  {
    key: 'hedong-yihe-night-market', kind: 'NIGHT_MARKET', districtCode: HEDONG,
    name: '沂河夜市',
    nameEn: 'Yihe River Night Market',
    // Tilted to follow the east-bank promenade (滨河东路), which runs a little east of north.
    geometry: poly([[118.388902, 35.070196], [118.38936, 35.073782], [118.389098, 35.073804],
      [118.38864, 35.070218], [118.388902, 35.070196]]),
  },
  {
    key: 'hedong-renmin-cluster', kind: 'STALL_CLUSTER', districtCode: HEDONG,
    name: '人民大街便民摊点群',
    nameEn: 'Renmin Street Convenience Stall Cluster',
    geometry: poly([[118.409997, 35.085752], [118.411203, 35.085752], [118.411203, 35.085888],
      [118.409997, 35.085888], [118.409997, 35.085752]]),
  },
  {
    key: 'hedong-fenghuang-service', kind: 'SERVICE_POINT', districtCode: HEDONG,
    name: '便民服务点（凤凰大街）',
    nameEn: 'Convenience Service Point (Fenghuang Street)',
    geometry: poly([[118.399718, 35.076115], [118.399882, 35.076115], [118.399882, 35.076205],
      [118.399718, 35.076205], [118.399718, 35.076115]]),
  },
  {
    key: 'hedong-dongxing-food-street', kind: 'FEATURE_STREET', districtCode: HEDONG,
    name: '东兴路特色美食街',
    nameEn: 'Dongxing Road Feature Food Street',
    geometry: poly([[118.40587, 35.077713], [118.40587, 35.080687], [118.40565, 35.080687],
      [118.40565, 35.077713], [118.40587, 35.077713]]),
  },
  {
    key: 'hedong-jiuqu-guided-point', kind: 'GUIDED_STALL_POINT', districtCode: HEDONG,
    name: '九曲街道温泉路摊贩疏导点',
    nameEn: 'Jiuqu Subdistrict Guided Stall Point (Wenquan Road)',
    geometry: poly([[118.398562, 35.049946], [118.399438, 35.049946], [118.399438, 35.050054],
      [118.398562, 35.050054], [118.398562, 35.049946]]),
  },
  {
    key: 'hedong-experimental-primary-produce', kind: 'FARMERS_PRODUCE_POINT', districtCode: HEDONG,
    name: '农民自产自销瓜果疏导点（河东区实验小学东门）',
    nameEn: "Farmers' Own-Produce Point (Hedong Experimental Primary School East Gate)",
    // About 40 m from the gate, like the Lanshan one, to exercise the time-bound school buffer.
    geometry: poly([[118.405804, 35.070361], [118.405804, 35.070541], [118.405716, 35.070541],
      [118.405716, 35.070361], [118.405804, 35.070361]]),
  },
  {
    key: 'hedong-renmin-east-rural', kind: 'RURAL_REVITALISATION_POINT', districtCode: HEDONG,
    name: '乡村振兴助农销售点（人民大街东段）',
    nameEn: 'Rural Revitalisation Sales Point (East Renmin Street)',
    geometry: poly([[118.419836, 35.085782], [118.420164, 35.085782], [118.420164, 35.085918],
      [118.419836, 35.085918], [118.419836, 35.085782]]),
  },
  // 罗庄区: the southern industrial and residential belt
  {
    key: 'luozhuang-hubei-night-market', kind: 'NIGHT_MARKET', districtCode: LUOZHUANG,
    name: '罗庄夜市（湖北路）',
    nameEn: 'Luozhuang Night Market (Hubei Road)',
    geometry: poly([[118.301997, 35.012101], [118.305503, 35.012101], [118.305503, 35.012299],
      [118.301997, 35.012299], [118.301997, 35.012101]]),
  },
  {
    key: 'luozhuang-yimeng-south-cluster', kind: 'STALL_CLUSTER', districtCode: LUOZHUANG,
    name: '沂蒙路南段便民摊点群',
    nameEn: 'South Yimeng Road Convenience Stall Cluster',
    geometry: poly([[118.353317, 35.018004], [118.353317, 35.018996], [118.353163, 35.018996],
      [118.353163, 35.018004], [118.353317, 35.018004]]),
  },
  {
    key: 'luozhuang-shengzhuang-morning-market', kind: 'MORNING_MARKET', districtCode: LUOZHUANG,
    name: '盛庄早市',
    nameEn: 'Shengzhuang Morning Market',
    geometry: poly([[118.334014, 35.020419], [118.335986, 35.020419], [118.335986, 35.020581],
      [118.334014, 35.020581], [118.334014, 35.020419]]),
  },
  {
    key: 'luozhuang-longtan-temporary-market', kind: 'TEMPORARY_MARKET', districtCode: LUOZHUANG,
    name: '夏季瓜果临时市场（龙潭路）',
    nameEn: 'Summer Melon and Fruit Temporary Market (Longtan Road)',
    note: 'A vacant lot lent for the June–August melon harvest.',
    geometry: poly([[118.314343, 35.00473], [118.315657, 35.00473], [118.315657, 35.00527],
      [118.314343, 35.00527], [118.314343, 35.00473]]),
  },
  {
    key: 'luozhuang-hubei-repair-key', kind: 'REPAIR_AND_KEY_POINT', districtCode: LUOZHUANG,
    name: '三修一配便民服务点（湖北路）',
    nameEn: 'Repair and Key-Cutting Point (Hubei Road)',
    geometry: poly([[118.309934, 35.011793], [118.310066, 35.011793], [118.310066, 35.011847],
      [118.309934, 35.011847], [118.309934, 35.011793]]),
  },
  {
    key: 'luozhuang-no-vending-experimental-middle', kind: 'NO_VENDING', districtCode: LUOZHUANG,
    name: '罗庄区实验中学校门周边禁设区域',
    nameEn: 'No-Vending Area at Luozhuang Experimental Middle School Gate',
    geometry: poly([[118.300074, 35.019459], [118.300074, 35.020541], [118.299526, 35.020541],
      [118.299526, 35.019459], [118.300074, 35.019459]]),
  },
];
