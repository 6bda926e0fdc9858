// The business types (业态) a new city starts with, and the holiday calendar it is seeded with.
// Codes are stable identifiers that rules and applications keep; cities may add their own.
import type { Db } from '../../db/database';
import { chineseDaysEntries } from '../../schedule/holidays';

export const DEFAULT_BUSINESS_TYPES: { code: string; parentCode?: string; name: string; nameEn: string }[] = [
  { code: 'food', name: '餐饮小吃', nameEn: 'Cooked food and snacks' },
  { code: 'food.snacks', parentCode: 'food', name: '特色小吃', nameEn: 'Snacks' },
  { code: 'food.breakfast', parentCode: 'food', name: '早餐', nameEn: 'Breakfast' },
  { code: 'food.drinks', parentCode: 'food', name: '饮品', nameEn: 'Drinks' },
  { code: 'produce', name: '果蔬生鲜', nameEn: 'Fruit and vegetables' },
  { code: 'produce.fruit', parentCode: 'produce', name: '水果', nameEn: 'Fruit' },
  { code: 'produce.vegetables', parentCode: 'produce', name: '蔬菜', nameEn: 'Vegetables' },
  { code: 'produce.farmers', parentCode: 'produce', name: '农民自产自销', nameEn: "Farmers' own produce" },
  { code: 'goods', name: '日用百货', nameEn: 'Daily goods' },
  { code: 'goods.clothing', parentCode: 'goods', name: '服装鞋帽', nameEn: 'Clothing' },
  { code: 'goods.household', parentCode: 'goods', name: '日用杂货', nameEn: 'Household goods' },
  { code: 'crafts', name: '文创手工', nameEn: 'Crafts' },
  { code: 'crafts.handmade', parentCode: 'crafts', name: '手工艺品', nameEn: 'Handicrafts' },
  { code: 'crafts.toys', parentCode: 'crafts', name: '玩具饰品', nameEn: 'Toys and accessories' },
  { code: 'repair', name: '三修一配', nameEn: 'Repairs and key cutting' },
  { code: 'repair.bicycle', parentCode: 'repair', name: '修车', nameEn: 'Bicycle repair' },
  { code: 'repair.shoe', parentCode: 'repair', name: '修鞋', nameEn: 'Shoe repair' },
  { code: 'repair.watch', parentCode: 'repair', name: '修表', nameEn: 'Watch repair' },
  { code: 'repair.key', parentCode: 'repair', name: '配钥匙', nameEn: 'Key cutting' },
];

/** Business types and the holiday calendar the package knows, for a new city. */
export async function seedCityCatalog(tx: Db, cityId: string): Promise<void> {
  await tx.businessType.createMany({
    data: DEFAULT_BUSINESS_TYPES.filter((t) => !t.parentCode).map((t) => ({ cityId, ...t, parentCode: null })),
  });
  await tx.businessType.createMany({
    data: DEFAULT_BUSINESS_TYPES.filter((t) => t.parentCode).map((t) => ({ cityId, ...t })),
  });
  const thisYear = new Date().getUTCFullYear();
  await tx.holidayDay.createMany({
    data: chineseDaysEntries(thisYear - 3, thisYear + 1).map((e) => ({
      cityId, date: new Date(`${e.date}T00:00:00Z`), kind: e.kind, nameZh: e.nameZh, nameEn: e.nameEn,
    })),
  });
}
