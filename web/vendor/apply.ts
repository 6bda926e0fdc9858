// Applying for the spot selected in the list or on the map (applyForSpot: the zone, the spot, the
// business type searched for, and the days). The service checks the rest — type allowed by the zone,
// days inside its season, no second open application or spot in that zone — and its refusal is shown.
import { errorWords, gql } from './api';
import { addDays, applicationStatusWords, distanceWords } from './format';
import { APPLY, type Applied, type OpenSpot } from './queries';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export class ApplyPanel {
  private readonly form = $<HTMLFormElement>('apply-form');
  private readonly target = $<HTMLParagraphElement>('apply-target');
  private readonly hint = $<HTMLParagraphElement>('apply-hint');
  private readonly startsOn = $<HTMLInputElement>('starts-on');
  private readonly endsOn = $<HTMLInputElement>('ends-on');
  private readonly note = $<HTMLTextAreaElement>('note');
  private readonly status = $<HTMLParagraphElement>('apply-status');
  private spot: OpenSpot | null = null;
  private businessType = '';

  constructor(private readonly applied: () => Promise<void>) {
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
    // Keep the period sensible when the first day moves: a month by default, never ending before it starts.
    this.startsOn.addEventListener('change', () => {
      if (this.startsOn.value) {
        this.endsOn.min = this.startsOn.value;
        if (!this.endsOn.value || this.endsOn.value < this.startsOn.value) this.endsOn.value = addDays(this.startsOn.value, 29);
      }
    });
  }

  private say(text: string, bad = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('bad', bad);
  }

  /** The spot to apply for (null: none selected), whether the vendor is signed in, from which day. */
  show(spot: OpenSpot | null, signedIn: boolean, businessType: string, typeName: string, today: string, firstDay: string): void {
    const changed = spot?.spot.id !== this.spot?.spot.id;
    this.spot = spot;
    this.businessType = businessType;
    this.target.textContent = spot
      ? `${spot.zone.name} · ${spot.spot.number} 号 No. ${spot.spot.number} · ${distanceWords(spot.distanceM)} · ${typeName}`
      : '请先在列表或地图上选择一个摊位 / select a spot in the list or on the map first';
    this.form.hidden = !spot || !signedIn;
    this.hint.hidden = !spot || signedIn;
    this.startsOn.min = today;
    if (changed || !this.startsOn.value || this.startsOn.value < today) {
      this.startsOn.value = firstDay < today ? today : firstDay;
      this.endsOn.min = this.startsOn.value;
      this.endsOn.value = addDays(this.startsOn.value, 29);
    }
    if (changed) this.say('');
  }

  private async submit(): Promise<void> {
    const s = this.spot;
    if (!s) return;
    const button = this.form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    try {
      const { applyForSpot: a } = await gql<Applied>(APPLY, {
        i: {
          zoneId: s.zone.id, spotId: s.spot.id, businessType: this.businessType,
          startsOn: this.startsOn.value, endsOn: this.endsOn.value, note: this.note.value.trim() || null,
        },
      });
      this.say(`已提交：${a.zone.name} ${a.spot ? `${a.spot.number} 号` : ''}，${applicationStatusWords(a.status)} / application sent`);
      this.note.value = '';
      await this.applied();
    } catch (e) {
      this.say(errorWords(e), true);
    } finally {
      if (button) button.disabled = false;
    }
  }
}
