// What the vendor sells (业态), the question every search asks. Where the choices come from, honestly:
//
// - Signed in: the city's own catalogue (`businessTypes`, which needs a session), grouped under the
//   top-level types, with the vendor's own types (profile) listed first and chosen.
// - Before sign-in the public API has no catalogue, and the page must not carry a copy of the
//   catalogue the service seeds (that is domain data, and each city may change it). What the public API
//   does tell is the names of the types each zone allows (`allowedBusinessTypes` of the zones in an
//   answer). So a public search starts from the type named in the URL (?type=food.snacks, for a link a
//   bureau hands out), else "food", the broadest type of the standard catalogue; the API decides whether
//   the city knows it (an unknown type is refused, and the page then asks to sign in rather than guess),
//   and every type the zones in the answers name is added to the choices with its name.
import { el } from './format';
import type { BusinessType, OpenSpot, PublicBusinessType } from './queries';

const PUBLIC_DEFAULT = 'food';

export class BusinessTypes {
  private named = new Map<string, PublicBusinessType>();
  private catalogue = false;

  constructor(readonly select: HTMLSelectElement, private readonly hint: HTMLElement, private readonly fromUrl: string | null) {}

  get value(): string {
    return this.select.value;
  }

  /** A type's name for people ('特色小吃 Snacks'), from the catalogue or a public answer; else its code. */
  nameOf(code: string): string {
    const t = this.named.get(code);
    return t ? `${t.name} ${t.nameEn}` : code;
  }

  /** Before sign-in (and after sign-out): the URL's or the default type, plus types learned from answers. */
  forPublic(): void {
    this.catalogue = false;
    const keep = this.select.value || this.fromUrl?.trim() || PUBLIC_DEFAULT;
    this.renderPublic(keep);
    this.hint.textContent = '登录后可从本市全部业态中选择 / sign in to choose from all of the city\'s business types';
  }

  /** Types named by the zones of a public answer become choices (signed-in callers already have them all). */
  learn(spots: OpenSpot[]): void {
    let added = false;
    for (const t of spots.flatMap((s) => s.zone.allowedBusinessTypes ?? [])) {
      if (!this.named.has(t.code)) added = true;
      this.named.set(t.code, t);
    }
    if (added && !this.catalogue) this.renderPublic(this.select.value);
  }

  private renderPublic(chosen: string): void {
    const codes = new Set([chosen, ...this.named.keys()].filter(Boolean));
    this.select.replaceChildren(...[...codes].sort().map((code) => {
      const t = this.named.get(code);
      return new Option(t ? `${t.name} ${t.nameEn}` : code, code);
    }));
    this.select.value = chosen;
  }

  /** The city's catalogue: top-level types as groups, each selectable itself; the vendor's own first. */
  fromCatalogue(all: BusinessType[], own: string[]): void {
    this.catalogue = true;
    for (const t of all) this.named.set(t.code, t);
    const label = (t: BusinessType) => `${t.name} ${t.nameEn}`;
    const byCode = new Map(all.map((t) => [t.code, t]));
    const parts: HTMLElement[] = [];
    const mine = own.map((c) => byCode.get(c)).filter((t): t is BusinessType => !!t);
    if (mine.length) {
      parts.push(el('optgroup', '', ...mine.map((t) => new Option(label(t), t.code))));
      (parts[0] as HTMLOptGroupElement).label = '我的业态 My types';
    }
    for (const top of all.filter((t) => !t.parentCode || !byCode.has(t.parentCode))) {
      const group = el('optgroup', '', new Option(`${label(top)}（全部 all）`, top.code),
        ...all.filter((c) => c.parentCode === top.code).map((c) => new Option(label(c), c.code)));
      group.label = label(top);
      parts.push(group);
    }
    const previous = this.select.value;
    this.select.replaceChildren(...parts);
    // The vendor's own type first; otherwise keep what the public search used, if the city has it.
    this.select.value = mine[0]?.code ?? (byCode.has(previous) ? previous : all[0]?.code ?? '');
    this.hint.textContent = mine.length ? '已选中您登记的业态 / your registered type is chosen' : '';
  }
}
