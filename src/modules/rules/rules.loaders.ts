// The rules of the zones one request asks about, loaded in one batch: a page of 20 zones costs one
// load of 20 zones' rules, not of every rule of the city.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { loadRuleContext, type RuleContext } from './evaluate';

const loaders = new WeakMap<Context, Map<string, DataLoader<string, RuleContext>>>();

export function zoneRuleContext(ctx: Context, cityId: string, zoneId: string): Promise<RuleContext> {
  let byCity = loaders.get(ctx);
  if (!byCity) loaders.set(ctx, (byCity = new Map()));
  let loader = byCity.get(cityId);
  if (!loader) {
    loader = new DataLoader(async (ids) => {
      const rc = await loadRuleContext(ctx.db.prisma, cityId, [...ids]);
      return ids.map(() => rc);
    });
    byCity.set(cityId, loader);
  }
  return loader.load(zoneId);
}
