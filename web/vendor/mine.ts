// The signed-in vendor's own records: applications (withdraw one not yet decided), assignments, and
// checking in at an assigned spot from where the phone is (the service judges the distance and the
// zone's hours; a refusal is shown with its reason in words) and checking out.
import { ApiError, errorWords, gql } from './api';
import { applicationStatusWords, assignmentStatusWords, clock, el, when } from './format';
import { LocateError, locate, pointGeo } from './locate';
import { CHECK_IN, CHECK_OUT, MINE, WITHDRAW, type CheckedIn, type Mine, type MyApplication, type MyAssignment, type MyCheckIn } from './queries';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Why a check-in was refused, in words: the distance for TOO_FAR, the next opening for ZONE_CLOSED. */
export function checkInRefusal(e: unknown): string {
  if (!(e instanceof ApiError)) return errorWords(e);
  const x = e.ext;
  if (x.reason === 'TOO_FAR') {
    return `距摊位 ${x.distanceM ?? '?'} 米，须在 ${x.radiusM ?? '?'} 米内才能签到 / you are ${x.distanceM ?? '?'} m from your spot: come within ${x.radiusM ?? '?'} m to check in`;
  }
  if (x.reason === 'ZONE_CLOSED') {
    return x.nextOpeningAt
      ? `区域现在不开放，下次开放 ${when(x.nextOpeningAt)} / the zone is closed now; next opening ${when(x.nextOpeningAt)}`
      : '区域现在不开放，近期也没有开放时间 / the zone is closed now, with no opening soon';
  }
  return errorWords(e);
}

export class MyStalls {
  private readonly apps = $<HTMLUListElement>('my-applications');
  private readonly assignments = $<HTMLUListElement>('my-assignments');
  private readonly status = $<HTMLParagraphElement>('mine-status');

  /** `typeName` names a business type code for people. */
  constructor(private readonly typeName: (code: string) => string) {}

  private say(text: string, bad = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('bad', bad);
  }

  clear(): void {
    this.apps.replaceChildren();
    this.assignments.replaceChildren();
    this.say('');
  }

  async refresh(): Promise<void> {
    try {
      const mine = await gql<Mine>(MINE);
      this.apps.replaceChildren(...(mine.myApplications.length
        ? mine.myApplications.map((a) => this.application(a))
        : [el('li', 'empty', '还没有申请 / no applications yet')]));
      this.assignments.replaceChildren(...(mine.myAssignments.length
        ? mine.myAssignments.map((a) => this.assignment(a, mine.myCheckIns.find((c) => c.active && c.assignment.id === a.id)))
        : [el('li', 'empty', '还没有摊位 / no spot assigned yet')]));
    } catch (e) {
      this.say(errorWords(e), true);
    }
  }

  private application(a: MyApplication): HTMLLIElement {
    const spot = a.spot ? `${a.spot.number} 号 No. ${a.spot.number}` : '任意摊位 any spot';
    const status = applicationStatusWords(a.status) + (a.waitingPosition ? `（第 ${a.waitingPosition} 位 / #${a.waitingPosition}）` : '');
    const li = el('li', 'record',
      el('span', 'record-head', el('strong', '', a.zone.name), ` · ${spot}`),
      el('span', `badge status-${a.status.toLowerCase()}`, status),
      el('span', 'record-detail', `${a.startsOn} – ${a.endsOn} · ${this.typeName(a.businessType)}`),
    );
    li.dataset.applicationId = a.id;
    if (a.reason) li.append(el('span', 'record-detail', `原因 reason: ${a.reason}`));
    if (['SUBMITTED', 'RETURNED', 'WAITLISTED'].includes(a.status)) {
      li.append(this.button('撤回申请 Withdraw', 'secondary', async () => {
        await gql(WITHDRAW, { id: a.id });
        this.say('申请已撤回 / the application was withdrawn');
      }));
    }
    return li;
  }

  private assignment(a: MyAssignment, active: MyCheckIn | undefined): HTMLLIElement {
    const li = el('li', 'record',
      el('span', 'record-head', el('strong', '', a.zone.name), ` · ${a.spot.number} 号 No. ${a.spot.number}`),
      el('span', `badge status-${a.status.toLowerCase()}`, assignmentStatusWords(a.status)),
      el('span', 'record-detail', `${a.startsOn} – ${a.endsOn} · ${this.typeName(a.businessType)}`),
    );
    if (a.reason) li.append(el('span', 'record-detail', `原因 reason: ${a.reason}`));
    if (active) {
      li.append(el('span', 'record-detail checked-in', `已签到，${clock(active.endsAt)} 闭市时自动结束 / checked in until closing at ${clock(active.endsAt)}`));
      li.append(this.button('签退 Check out', 'secondary', async () => {
        await gql(CHECK_OUT, { id: active.id });
        this.say('已签退 / checked out');
      }));
    } else if (a.status === 'ACTIVE') {
      li.append(this.button('在此签到 Check in here', 'primary', () => this.checkIn(a)));
    }
    return li;
  }

  /** Checks in where the phone is now; the button around it refreshes the lists afterwards. */
  private async checkIn(a: MyAssignment): Promise<void> {
    this.say('正在定位… / locating…');
    const here = await locate().catch((e: unknown) => {
      this.say(e instanceof LocateError ? e.message : errorWords(e), true);
      return null;
    });
    if (!here) return;
    try {
      const { checkIn: c } = await gql<CheckedIn>(CHECK_IN, { a: a.id, p: pointGeo(here.point) });
      this.say(`签到成功（距摊位 ${Math.round(c.distanceM)} 米），${clock(c.endsAt)} 自动结束 / checked in (${Math.round(c.distanceM)} m from the spot) until ${clock(c.endsAt)}`);
    } catch (e) {
      this.say(checkInRefusal(e), true);
    }
  }

  /** A button that runs an action, refreshes the lists after it, and reports a refusal in words. */
  private button(label: string, kind: string, act: () => Promise<void>): HTMLButtonElement {
    const b = el('button', kind, label);
    b.type = 'button';
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await act();
        await this.refresh();
      } catch (e) {
        this.say(errorWords(e), true);
      } finally {
        b.disabled = false;
      }
    });
    return b;
  }
}
