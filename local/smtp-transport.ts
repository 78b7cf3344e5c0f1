import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendResult } from '../src/ports';
import { WARM_UP_ADDRESS } from './mail-catcher-protocol';

/** The local host's mail transport: SMTP into the embedded mail catcher (the Forge build uses a provider API). */
export class SmtpTransport implements MailTransport {
  private readonly transporter;

  constructor(port: number) {
    this.transporter = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      await this.transporter.sendMail(this.message(mail));
      return { ok: true };
    } catch (error) {
      // SMTP 4xx and an unreachable server are temporary; 5xx (e.g. 550 unknown recipient) is permanent.
      const code = (error as { responseCode?: number }).responseCode;
      if (!code) return { ok: false, reason: 'smtp-unreachable', retryable: true };
      return { ok: false, reason: `smtp-${code}`, retryable: code < 500 };
    }
  }

  /** `mail` to the catcher's WARM_UP_ADDRESS, which it drops: opens the pooled connection ahead of the first real mail. */
  async warmUp(mail: OutgoingMail): Promise<void> {
    await this.transporter.sendMail(this.message({ ...mail, to: { name: mail.to.name, address: WARM_UP_ADDRESS } })).catch(() => undefined);
  }

  private message(mail: OutgoingMail) {
    return {
      from: { name: mail.from.name, address: mail.from.address },
      to: { name: mail.to.name, address: mail.to.address },
      replyTo: mail.replyTo,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId: `<${mail.id}@portal-access.local>`,
    };
  }

  close(): void {
    this.transporter.close();
  }
}
