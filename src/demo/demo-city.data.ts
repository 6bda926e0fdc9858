// Demo city for seeds, tests and the map preview: central Linyi (临沂市), Shandong.
// [lon, lat] in WGS84 (EPSG:4326), as stored. Geometry is simplified but follows real-ish streets so the
// published map looks plausible; containment, validity and separations are checked with PostGIS.

export type DemoZoneKind =
  | 'FEATURE_STREET'
  | 'STALL_CLUSTER'
  | 'SERVICE_POINT'
  | 'MORNING_MARKET'
  | 'NIGHT_MARKET'
  | 'TEMPORARY_MARKET'
  | 'GUIDED_STALL_POINT'
  | 'FARMERS_PRODUCE_POINT'
  | 'REPAIR_AND_KEY_POINT'
  | 'RURAL_REVITALISATION_POINT'
  | 'NO_VENDING';
export interface DemoPolygon { type: 'Polygon'; coordinates: number[][][] }
export interface DemoMultiPolygon { type: 'MultiPolygon'; coordinates: number[][][][] }
export interface DemoCity { code: string; name: string; nameEn: string; timeZone: string; center: [number, number]; zoom: number }
export interface DemoDistrict { code: string; name: string; nameEn: string; boundary: DemoPolygon }
export interface DemoZone {
  key: string;
  name: string;
  nameEn: string;
  kind: DemoZoneKind;
  districtCode: string;
  geometry: DemoPolygon | DemoMultiPolygon;
  note?: string;
}
export type DemoFeatureKind = 'SCHOOL_GATE' | 'HOSPITAL_ENTRANCE' | 'FIRE_HYDRANT' | 'CROSSING' | 'MARKET_ENTRANCE';
export interface DemoFeature { key: string; name: string; kind: DemoFeatureKind; point: [number, number] }

export const DEMO_CITY: DemoCity = {
  code: '371300',
  name: '临沂市',
  nameEn: 'Linyi',
  timeZone: 'Asia/Shanghai',
  // Near People's Square, so zoom 13 frames all three districts' zones on a laptop screen.
  center: [118.36, 35.052],
  zoom: 13,
};

// Boundary vertices shared by two or three districts are written once and reused, so neighbours meet
// exactly: no slivers for a point to fall into, no overlaps for a zone to belong to twice.
// The Yi River (沂河) midline, south to north: Lanshan and Luozhuang lie west of it, Hedong east.
const YI_RIVER: number[][] = [
  [118.377, 34.99], [118.378, 35.01], [118.379, 35.03], [118.381, 35.07], [118.386, 35.11], [118.39, 35.15],
];
const [RIVER_S, RIVER_SSW, RIVER_TRIPLE, RIVER_MID, RIVER_N, RIVER_NN] = YI_RIVER as [
  number[], number[], number[], number[], number[], number[],
];
// Lanshan / Luozhuang line, roughly along the Su River (涑河) south of the old town.
const SU_WEST = [118.29, 35.03];
const SU_MID = [118.33, 35.033];

const closed = (...points: number[][]): DemoPolygon => ({
  type: 'Polygon',
  coordinates: [[...points, points[0] as number[]]],
});

export const DEMO_DISTRICTS: DemoDistrict[] = [
  {
    code: '371302',
    name: '兰山区',
    nameEn: 'Lanshan District',
    boundary: closed(SU_WEST, SU_MID, RIVER_TRIPLE, RIVER_MID, RIVER_N, RIVER_NN, [118.29, 35.15]),
  },
  {
    code: '371311',
    name: '罗庄区',
    nameEn: 'Luozhuang District',
    boundary: closed([118.29, 34.99], RIVER_S, RIVER_SSW, RIVER_TRIPLE, SU_MID, SU_WEST, [118.285, 35.01]),
  },
  {
    code: '371312',
    name: '河东区',
    nameEn: 'Hedong District',
    boundary: closed(
      RIVER_S, [118.45, 34.99], [118.455, 35.07], [118.45, 35.15],
      RIVER_NN, RIVER_N, RIVER_MID, RIVER_TRIPLE, RIVER_SSW,
    ),
  },
];

export const DEMO_FEATURES: DemoFeature[] = [
  // Inside their no-vending areas: the standing ban is what protects them.
  { key: 'lanshan-yizhong-east-gate', name: '临沂第一中学东门', kind: 'SCHOOL_GATE', point: [118.35255, 35.056] },
  { key: 'luozhuang-experimental-middle-east-gate', name: '罗庄区实验中学东门', kind: 'SCHOOL_GATE', point: [118.29975, 35.02] },
  // No standing ban here: a produce point about 40 m away is what the later time-bound 50 m buffer must catch.
  { key: 'lanshan-tongda-primary-east-gate', name: '通达路小学东门', kind: 'SCHOOL_GATE', point: [118.34372, 35.048] },
  { key: 'hedong-experimental-primary-east-gate', name: '河东区实验小学东门', kind: 'SCHOOL_GATE', point: [118.4057, 35.07] },
  { key: 'lanshan-people-hospital-entrance', name: '临沂市人民医院门诊入口', kind: 'HOSPITAL_ENTRANCE', point: [118.364, 35.061861] },
  // A few metres off stall clusters and markets, for clearance rules.
  { key: 'lanshan-jinqueshan-hydrant', name: '金雀山路消防栓', kind: 'FIRE_HYDRANT', point: [118.347537, 35.051189] },
  { key: 'hedong-renmin-hydrant', name: '人民大街消防栓', kind: 'FIRE_HYDRANT', point: [118.411247, 35.08582] },
  { key: 'hedong-yihe-hydrant', name: '沂河夜市消防栓', kind: 'FIRE_HYDRANT', point: [118.389209, 35.072254] },
  { key: 'luozhuang-yimeng-south-hydrant', name: '沂蒙路南段消防栓', kind: 'FIRE_HYDRANT', point: [118.35324, 35.019032] },
  { key: 'lanshan-jinqueshan-crossing', name: '金雀山路人行横道', kind: 'CROSSING', point: [118.346364, 35.051] },
  { key: 'hedong-renmin-crossing', name: '人民大街人行横道', kind: 'CROSSING', point: [118.409854, 35.086] },
  { key: 'luozhuang-hubei-crossing', name: '湖北路人行横道', kind: 'CROSSING', point: [118.301887, 35.012002] },
  { key: 'luozhuang-yimeng-south-crossing', name: '沂蒙路南段人行横道', kind: 'CROSSING', point: [118.352999, 35.017896] },
  { key: 'lanshan-yinqueshan-market-entrance', name: '银雀山路早市西入口', kind: 'MARKET_ENTRANCE', point: [118.354971, 35.04432] },
  { key: 'hedong-yihe-market-entrance', name: '沂河夜市北入口', kind: 'MARKET_ENTRANCE', point: [118.389233, 35.07382] },
];
