// The answer of a search as a list, nearest first: each spot a button (so a keyboard or a thumb picks
// it), marked aria-pressed when it is the one selected on the map too. On a phone the list would push
// the application form far down: it shows the nearest few first, and the selected spot carries a link
// straight to the form.
import { distanceWords, el, hoursLines, openingWords } from './format';
import type { OpenSpot } from './queries';

/** Spots listed before "show more": enough to choose from on one phone screen or two. */
const FIRST = 5;

export class SpotList {
  private spots: OpenSpot[] = [];
  private selected: string | null = null;
  private at = new Date();
  private atIsNow = true;
  private shown = 0;

  constructor(private readonly list: HTMLOListElement, private readonly onSelect: (spot: OpenSpot) => void) {}

  get current(): OpenSpot | null {
    return this.spots.find((s) => s.spot.id === this.selected) ?? null;
  }

  byId(id: string): OpenSpot | null {
    return this.spots.find((s) => s.spot.id === id) ?? null;
  }

  /** The spots found for the instant `at`; `atIsNow`: the search asked about now, not a chosen time. */
  show(spots: OpenSpot[], at: Date, atIsNow: boolean): void {
    this.spots = spots;
    this.at = at;
    this.atIsNow = atIsNow;
    if (!spots.some((s) => s.spot.id === this.selected)) this.selected = null;
    this.shown = Math.max(FIRST, spots.findIndex((s) => s.spot.id === this.selected) + 1);
    this.render();
  }

  private render(): void {
    const items = this.spots.slice(0, this.shown).map((s) => this.item(s));
    const rest = this.spots.length - this.shown;
    if (rest > 0) {
      const more = el('button', 'secondary more', `显示其余 ${rest} 个 / show ${rest} more`);
      more.type = 'button';
      more.addEventListener('click', () => {
        this.shown = this.spots.length;
        this.render();
        this.list.querySelectorAll<HTMLButtonElement>('button.spot')[this.shown - rest]?.focus();
      });
      items.push(el('li', '', more));
    }
    this.list.replaceChildren(...items);
  }

  /** Marks the spot in the list (from a tap on the map or on the list) and scrolls it into view. */
  select(id: string | null, scroll = false): void {
    this.selected = id;
    const at = this.spots.findIndex((s) => s.spot.id === id);
    if (at >= this.shown) {
      this.shown = at + 1;
      this.render();
    }
    for (const b of this.list.querySelectorAll<HTMLButtonElement>('button.spot')) {
      const on = b.dataset.spotId === id;
      b.setAttribute('aria-pressed', String(on));
      b.parentElement?.classList.toggle('selected', on);
      if (on && scroll) b.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  private item(s: OpenSpot): HTMLLIElement {
    const b = el('button', 'spot');
    b.type = 'button';
    b.dataset.spotId = s.spot.id;
    b.setAttribute('aria-pressed', String(s.spot.id === this.selected));
    const head = el('span', 'spot-head',
      el('strong', 'spot-no', `${s.spot.number} 号`),
      el('span', 'spot-zone', s.zone.name),
      el('span', 'spot-dist', distanceWords(s.distanceM)),
    );
    const hours = el('span', 'spot-hours', ...hoursLines(s.zone.weeklySchedule).flatMap((l, i) => (i ? [el('br'), l] : [l])));
    const open = el('span', 'spot-open', openingWords(s.zone.nextOpenings, this.at, this.atIsNow));
    const size = el('span', 'spot-size', `摊位 ${s.spot.widthM} × ${s.spot.depthM} 米 / stall ${s.spot.widthM} × ${s.spot.depthM} m`);
    b.append(head, open, hours, size);
    b.addEventListener('click', () => {
      this.select(s.spot.id);
      this.onSelect(s);
    });
    const apply = el('a', 'apply-link', '申请这个摊位 ↓ Apply for this spot');
    apply.href = '#apply';
    return el('li', s.spot.id === this.selected ? 'selected' : '', b, apply);
  }
}
