// The demo city's stall holders: a few dozen made-up vendors (names, phone numbers and identity numbers
// are invented; the phone numbers use the 199 0000 block), some with verified priority categories, the
// zone they trade in and what they sell. The demo account `vendor` is the first of them.
import type { PriorityCategory } from '@prisma/client';

export interface DemoVendor {
  name: string;
  phone: string;
  /** the first 17 characters of an identity number; the seed adds the check character */
  idFirst17: string;
  businessTypes: string[];
  priorities: { category: PriorityCategory; evidenceRef: string }[];
  /** key of the demo zone (demo-zones.data.ts) they apply in */
  zoneKey: string;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭'];
const GIVEN = ['秀英', '桂兰', '建国', '玉梅', '志强', '海燕', '金凤', '德明', '春花', '立新', '淑珍', '国庆'];

/** Where and what: the night market is oversubscribed (its round is drawn in the demo). */
const PLACES: { zoneKey: string; types: string[]; region: string }[] = [
  { zoneKey: 'hedong-yihe-night-market', types: ['food.snacks'], region: '371312' },
  { zoneKey: 'hedong-yihe-night-market', types: ['crafts.handmade'], region: '371312' },
  { zoneKey: 'hedong-yihe-night-market', types: ['goods.household'], region: '371302' },
  { zoneKey: 'lanshan-jinqueshan-cluster', types: ['produce.fruit'], region: '371302' },
  { zoneKey: 'lanshan-suhe-guided-point', types: ['produce.vegetables'], region: '371302' },
  { zoneKey: 'lanshan-xiyanchi-feature-street', types: ['food.drinks'], region: '371302' },
];

const CATEGORIES: (PriorityCategory | null)[] = ['LOW_INCOME', null, null, 'DISABLED', null, 'VETERAN', null, null, 'LOCAL_FARMER', null, 'UNEMPLOYED', null];

function vendor(i: number): DemoVendor {
  const place = PLACES[i % PLACES.length];
  const category = CATEGORIES[i % CATEGORIES.length];
  const born = `19${60 + (i * 7) % 38}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + ((i * 3) % 28)).padStart(2, '0')}`;
  return {
    name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 5) % GIVEN.length],
    phone: `1990000${String(1000 + i).padStart(4, '0')}`,
    idFirst17: `${place.region}${born}${String(100 + i).slice(-3)}`,
    businessTypes: place.types,
    priorities: category ? [{ category, evidenceRef: `临民救证〔2025〕${String(1000 + i)}号` }] : [],
    zoneKey: place.zoneKey,
  };
}

/** 36 vendors; the first is the demo account `vendor` (赵大姐 sells snacks at the Yihe night market). */
export const DEMO_VENDORS: DemoVendor[] = [
  { ...vendor(0), name: '赵秀英', priorities: [{ category: 'LOW_INCOME', evidenceRef: '临民救证〔2025〕0001号' }] },
  ...Array.from({ length: 35 }, (_, i) => vendor(i + 1)),
];

/** Stall sizes and spacing per zone kind (metres), as bureaus draw them: 2 × 1.5 m at night markets. */
export const DEMO_SPOT_LAYOUT: Record<string, { widthM: number; depthM: number; gapM: number; maxCount: number }> = {
  NIGHT_MARKET: { widthM: 2, depthM: 1.5, gapM: 1, maxCount: 24 },
  MORNING_MARKET: { widthM: 2, depthM: 1.5, gapM: 1, maxCount: 20 },
  STALL_CLUSTER: { widthM: 2, depthM: 2, gapM: 1.5, maxCount: 16 },
  FEATURE_STREET: { widthM: 3, depthM: 2, gapM: 2, maxCount: 20 },
  SERVICE_POINT: { widthM: 2, depthM: 2, gapM: 1, maxCount: 4 },
  TEMPORARY_MARKET: { widthM: 2, depthM: 2, gapM: 1, maxCount: 16 },
  GUIDED_STALL_POINT: { widthM: 2, depthM: 1.5, gapM: 1, maxCount: 12 },
  FARMERS_PRODUCE_POINT: { widthM: 2, depthM: 1.5, gapM: 1, maxCount: 8 },
  REPAIR_AND_KEY_POINT: { widthM: 1.5, depthM: 1.5, gapM: 1, maxCount: 3 },
  RURAL_REVITALISATION_POINT: { widthM: 2, depthM: 2, gapM: 1, maxCount: 8 },
};

/** The demo's drawn round: the night market's first spots, offered for next month. */
export const DEMO_ROUND = { zoneKey: 'hedong-yihe-night-market', spots: 6 };
