import nodemailer from 'nodemailer';
import type { MailTransport, OutgoingMail, SendResult } from '../src/ports/mail';

/** The local host's mail transport: SMTP into the embedded mail catcher (the Forge build uses a provider API). */
export class SmtpTransport implements MailTransport {
  private readonly transporter;

  constructor(port: number) {
    this.transporter = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 4 });
  }

  async send(mail: OutgoingMail): Promise<SendResult> {
    try {
      await this.transporter.sendMail({
        from: { name: mail.from.name, address: mail.from.address },
        to: { name: mail.to.name, address: mail.to.address },
        replyTo: mail.replyTo,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        messageId: `<${mail.id}@portal-access.local>`,
      });
      return { ok: true };
    } catch (error) {
      // SMTP 4xx and an unreachable server are temporary; 5xx (e.g. 550 unknown recipient) is permanent.
      const code = (error as { responseCode?: number }).responseCode;
      if (!code) return { ok: false, reason: 'smtp-unreachable', retryable: true };
      return { ok: false, reason: `smtp-${code}`, retryable: code < 500 };
    }
  }

  /** The admin's Diagnostics: connects and greets the mail catcher (EHLO), sends nothing. */
  async verify(): Promise<SendResult> {
    try {
      await this.transporter.verify();
      return { ok: true };
    } catch {
      return { ok: false, reason: 'smtp-unreachable', retryable: true };
    }
  }

  close(): void {
    this.transporter.close();
  }
}
