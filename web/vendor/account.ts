// Sign-in by a code texted to the phone (requestLoginCode, then loginWithCode) for the city named in
// the page's URL. The send button counts down the seconds the service asks us to wait, whether it said
// so in a success (resendAfterSeconds) or in a refusal (TOO_MANY_REQUESTS, retryAfterSeconds).
import { ApiError, errorWords, gql, session } from './api';
import { LOGIN_WITH_CODE, REQUEST_CODE, type CodeSent, type SignedIn } from './queries';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface AccountHandlers {
  signedIn(): Promise<void>;
  signedOut(): void;
}

export class Account {
  private readonly form = $<HTMLFormElement>('signin-form');
  private readonly phone = $<HTMLInputElement>('phone');
  private readonly code = $<HTMLInputElement>('code');
  private readonly send = $<HTMLButtonElement>('send-code');
  private readonly status = $<HTMLParagraphElement>('signin-status');
  private timer = 0;

  constructor(private readonly city: string, private readonly on: AccountHandlers) {
    this.send.addEventListener('click', () => void this.requestCode());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.signIn();
    });
    $<HTMLButtonElement>('signout').addEventListener('click', () => {
      session.clear();
      this.on.signedOut();
    });
  }

  /** Shows the form or the signed-in line. */
  show(signedIn: boolean, who = ''): void {
    this.form.hidden = signedIn;
    $('signed-in').hidden = !signedIn;
    $('who').textContent = who;
    if (!signedIn) this.code.value = '';
  }

  private say(text: string, bad = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('bad', bad);
  }

  private countdown(seconds: number): void {
    window.clearInterval(this.timer);
    let left = Math.ceil(seconds);
    const label = '获取验证码 Send code';
    const tick = () => {
      this.send.disabled = left > 0;
      this.send.textContent = left > 0 ? `${left} 秒后可重发 / resend in ${left} s` : label;
      if (left-- <= 0) window.clearInterval(this.timer);
    };
    tick();
    this.timer = window.setInterval(tick, 1000);
  }

  private async requestCode(): Promise<void> {
    const phone = this.phone.value.trim();
    if (!phone) {
      this.say('请先填写手机号 / enter your phone number first', true);
      this.phone.focus();
      return;
    }
    this.send.disabled = true;
    try {
      const { requestLoginCode: sent } = await gql<CodeSent>(REQUEST_CODE, { city: this.city, phone });
      this.say('验证码已发送，5 分钟内有效 / the code was sent; it is valid for 5 minutes');
      this.countdown(sent.resendAfterSeconds);
      this.code.focus();
    } catch (e) {
      this.say(errorWords(e), true);
      if (e instanceof ApiError && e.code === 'TOO_MANY_REQUESTS') this.countdown(e.ext.retryAfterSeconds ?? 60);
      else this.send.disabled = false;
    }
  }

  private async signIn(): Promise<void> {
    const phone = this.phone.value.trim();
    const code = this.code.value.trim();
    if (!phone || !code) {
      this.say('请填写手机号和验证码 / enter your phone number and the code', true);
      return;
    }
    try {
      const { loginWithCode: s } = await gql<SignedIn>(LOGIN_WITH_CODE, { city: this.city, phone, code });
      session.save(s.token, s.expiresAt);
      this.say('');
      await this.on.signedIn();
    } catch (e) {
      this.say(errorWords(e), true);
    }
  }
}
