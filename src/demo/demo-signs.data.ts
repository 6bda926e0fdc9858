// The demo city's shop signs: two street sections of Linyi with their own design guides — the strict
// guide of the Xiyanchi Street feature street (洗砚池街, by Wang Xizhi's former residence: small fascia
// signs in wood or stone tones, no lightboxes, no canopies or rooftop signs) and the ordinary guide of
// Jiefang Road west of Yimeng Road — and a dozen shops in every state of the workflow. Shop names,
// owners and numbers are invented; the contacts' phone numbers use the 199 0000 2xxx block.
import type { SignGuideInput, SignSpecInput } from '../generated/graphql';

export const SIGN_GUIDE_FROM = '2023-01-01';

export const DEMO_SIGN_GUIDES: SignGuideInput[] = [
  {
    streetName: '洗砚池街（特色商业街）',
    // The pedestrian street and its shop fronts, a little wider than the feature-street zone.
    geometry: { type: 'Polygon', coordinates: [[[118.3553, 35.066], [118.3591, 35.066], [118.3591, 35.0664], [118.3553, 35.0664], [118.3553, 35.066]]] },
    effectiveFrom: SIGN_GUIDE_FROM, maxDistanceM: 20,
    illustrationUrl: 'https://example.org/linyi/sign-guides/xiyanchi-2023.pdf',
    guidance: '仿古街区：木质或石材色调，字体端庄，不设灯箱 / historic street: wood or stone tones, plain lettering, no lightboxes',
    rules: [
      { signType: 'FASCIA', allowed: true, maxWidthShare: 0.8, maxHeightM: 1.2, maxAreaM2: 6, lighting: ['NONE', 'EXTERNAL'],
        guidance: '门头招牌置于一层门楣之上，不遮挡建筑装饰 / fascia above the ground-floor lintel, not covering the carvings' },
      { signType: 'PROJECTING', allowed: true, maxHeightM: 0.8, maxAreaM2: 0.5, minClearanceM: 2.5, maxProjectionM: 0.6, lighting: ['NONE'],
        guidance: '可设一块木质挑牌 / one wooden hanging sign' },
      { signType: 'WINDOW_LETTERING', allowed: true, maxWidthShare: 0.3, maxHeightM: 0.5, lighting: ['NONE'] },
      { signType: 'CANOPY', allowed: false, guidance: '特色街不设雨棚招牌 / no canopy signs on the feature street' },
      { signType: 'ROOFTOP', allowed: false },
    ],
  },
  {
    streetName: '解放路（沂蒙路以西段）',
    geometry: { type: 'LineString', coordinates: [[118.34, 35.0615], [118.352, 35.0615]] },
    effectiveFrom: SIGN_GUIDE_FROM, maxDistanceM: 30,
    illustrationUrl: 'https://example.org/linyi/sign-guides/jiefang-road-2023.pdf',
    guidance: '同一建筑招牌上下沿对齐 / signs of one building share their top and bottom lines',
    rules: [
      { signType: 'FASCIA', allowed: true, maxWidthShare: 0.9, maxHeightM: 2, maxAreaM2: 20, lighting: ['NONE', 'EXTERNAL', 'BACKLIT'] },
      { signType: 'PROJECTING', allowed: true, maxHeightM: 1.5, maxAreaM2: 1.2, minClearanceM: 2.5, maxProjectionM: 1, lighting: ['NONE', 'EXTERNAL', 'BACKLIT'] },
      { signType: 'CANOPY', allowed: true, maxWidthShare: 1, maxHeightM: 0.6, minClearanceM: 2.2, maxProjectionM: 1.5, lighting: ['NONE', 'EXTERNAL'] },
      { signType: 'WINDOW_LETTERING', allowed: true, maxWidthShare: 0.5, lighting: ['NONE', 'BACKLIT'] },
      { signType: 'ROOFTOP', allowed: false, guidance: '不设屋顶招牌 / no rooftop signs' },
    ],
  },
];

/** Where each shop stands in the workflow (RETURNED_BY_CHECK: the compliance check sent it back). */
export type DemoSignState = 'DRAFT' | 'SUBMITTED' | 'RETURNED_BY_CHECK' | 'RETURNED_BY_OFFICER' | 'UNDER_REVIEW' | 'APPROVED'
  | 'EXPIRING' | 'REJECTED' | 'EXPIRED' | 'REVOKED';

export interface DemoShop {
  shopName: string;
  address: string;
  point: [number, number];
  facade: { widthM: number; heightM: number };
  /** 'vendor': the demo vendor account; otherwise the owner's name (an account is made for them) */
  owner: string;
  signs: SignSpecInput[];
  state: DemoSignState;
  reason?: string;
}

const XIYANCHI_LAT = 35.06635;
const JIEFANG_LAT = 35.06165;
const fascia = (widthM: number, heightM: number, lighting: SignSpecInput['lighting'] = 'NONE'): SignSpecInput => ({ type: 'FASCIA', widthM, heightM, lighting });

export const DEMO_SHOPS: DemoShop[] = [
  // The demo vendor's own shop: a 6.0 m lightbox on a 6.5 m facade, returned by the check to correct.
  { shopName: '赵记煎饼', address: '兰山区洗砚池街 12 号', point: [118.3556, XIYANCHI_LAT], facade: { widthM: 6.5, heightM: 4 }, owner: 'vendor',
    signs: [fascia(6.0, 1.0, 'BACKLIT')], state: 'RETURNED_BY_CHECK' },
  { shopName: '羲之文房', address: '兰山区洗砚池街 18 号', point: [118.3562, XIYANCHI_LAT], facade: { widthM: 5, heightM: 4 }, owner: '孙文博',
    signs: [fascia(4, 1), { type: 'PROJECTING', widthM: 0.6, heightM: 0.8, projectionM: 0.6, clearanceM: 2.6, lighting: 'NONE' }], state: 'APPROVED' },
  { shopName: '墨香书画', address: '兰山区洗砚池街 24 号', point: [118.3568, XIYANCHI_LAT], facade: { widthM: 4, heightM: 3.8 }, owner: '钱墨林',
    signs: [fascia(3.2, 1)], state: 'DRAFT' },
  { shopName: '砚池茶社', address: '兰山区洗砚池街 30 号', point: [118.3574, XIYANCHI_LAT], facade: { widthM: 6, heightM: 4.2 }, owner: '周清',
    signs: [fascia(4.8, 1.2, 'EXTERNAL')], state: 'UNDER_REVIEW' },
  { shopName: '琅琊老字号', address: '兰山区洗砚池街 36 号', point: [118.358, XIYANCHI_LAT], facade: { widthM: 7, heightM: 4.5 }, owner: '吴德厚',
    signs: [fascia(5, 1.2)], state: 'REVOKED', reason: '擅自加装灯箱，经劝导未整改 / a lightbox added without a permit and not removed after guidance' },
  { shopName: '解放路眼镜', address: '兰山区解放路 101 号', point: [118.341, JIEFANG_LAT], facade: { widthM: 8, heightM: 4 }, owner: '郑明',
    signs: [fascia(7, 1.5, 'BACKLIT')], state: 'APPROVED' },
  { shopName: '沂蒙大药房', address: '兰山区解放路 115 号', point: [118.3425, JIEFANG_LAT], facade: { widthM: 10, heightM: 4.5 }, owner: '冯静',
    signs: [fascia(8, 1.8, 'BACKLIT'), { type: 'PROJECTING', widthM: 0.8, heightM: 1.2, projectionM: 0.9, clearanceM: 2.8, lighting: 'BACKLIT' }], state: 'EXPIRING' },
  { shopName: '老城五金', address: '兰山区解放路 129 号', point: [118.344, JIEFANG_LAT], facade: { widthM: 6, heightM: 3.6 }, owner: '陈刚',
    signs: [fascia(5, 1.2)], state: 'EXPIRED' },
  { shopName: '好运来超市', address: '兰山区解放路 143 号', point: [118.3455, JIEFANG_LAT], facade: { widthM: 12, heightM: 4.5 }, owner: '褚丽',
    signs: [fascia(10, 1.8, 'BACKLIT')], state: 'SUBMITTED' },
  { shopName: '金桥手机维修', address: '兰山区解放路 157 号', point: [118.347, JIEFANG_LAT], facade: { widthM: 4, heightM: 3.5 }, owner: '卫强',
    signs: [fascia(3.5, 1)], state: 'UNDER_REVIEW' },
  { shopName: '鑫鑫快餐', address: '兰山区解放路 171 号', point: [118.3485, JIEFANG_LAT], facade: { widthM: 6, heightM: 3.8 }, owner: '蒋华',
    signs: [fascia(5, 1.5), { type: 'CANOPY', widthM: 6, heightM: 0.5, projectionM: 1.2, clearanceM: 2.4, lighting: 'NONE' }], state: 'REJECTED',
    reason: '店铺位于拆迁范围，不予设置 / the building is due for demolition: no new signs' },
  { shopName: '阳光洗衣', address: '兰山区解放路 185 号', point: [118.35, JIEFANG_LAT], facade: { widthM: 5, heightM: 3.6 }, owner: '沈芳',
    signs: [fascia(4, 1.2)], state: 'RETURNED_BY_OFFICER', reason: '请补充门面现状照片 / add a photo of the facade as it is now' },
];
