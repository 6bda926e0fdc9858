// Text messages (sign-in codes) go out through one small interface, so the service does not depend on
// a particular SMS provider. Until one is plugged in, the default sender writes the message to the server log
// with the number masked: the demo and the tests work offline, and a reader of the log learns the
// code but not whose phone it went to. A log line never holds a clear phone number (nor does the
// error of a failed send: providers like to quote the number they refused).
//
// Plugging in a real gateway: implement SmsSender (e.g. Aliyun / Tencent Cloud SMS with an approved
// template) and call setSmsSender(yourSender) once at start, before the server takes requests.
import type { FastifyBaseLogger } from 'fastify';
import { maskPhone } from './pii-format';

export interface SmsSender {
  /** `phone` is 11 digits (mainland mobile). Resolves once the provider has accepted the message. */
  send(phone: string, text: string): Promise<void>;
}

type InfoLog = Pick<FastifyBaseLogger, 'info'>;

/** The default: the message in the log (the request's logger, so it carries the request id). */
export function logSmsSender(log: InfoLog): SmsSender {
  return {
    async send(phone, text) {
      log.info({ sms: { to: maskPhone(phone), sender: 'log' } }, `SMS for ${maskPhone(phone)} (no SMS gateway configured: written to the log): ${text}`);
    },
  };
}

let configured: SmsSender | null = null;

/** Replaces the default sender for this process; null goes back to the log. */
export function setSmsSender(sender: SmsSender | null): void {
  configured = sender;
}

export function smsSender(log: InfoLog): SmsSender {
  return configured ?? logSmsSender(log);
}

/** A failed send, with every copy of the number in the provider's message masked. */
export class SmsSendError extends Error {
  constructor(phone: string, cause: unknown) {
    const said = cause instanceof Error ? cause.message : String(cause);
    // Any mobile-looking run of digits, spaced or not, not only the number as we wrote it.
    const masked = said.replace(/1[3-9](?:[\s-]?\d){9}/g, (m) => maskPhone(m.replace(/[\s-]/g, '')));
    super(`SMS to ${maskPhone(phone)} failed: ${masked}`);
    this.name = 'SmsSendError';
  }
}

/** Sends, turning a provider's failure into an error that holds no clear phone number. */
export async function sendSms(sender: SmsSender, phone: string, text: string): Promise<void> {
  try {
    await sender.send(phone, text);
  } catch (e) {
    throw new SmsSendError(phone, e);
  }
}
