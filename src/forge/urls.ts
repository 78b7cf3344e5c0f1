import { webTrigger } from '@forge/api';
import type { PageUrls } from '../ports/platform';

/** The customer pages' base URL comes from the platform, once per warm instance. */
export const CUSTOMER_PAGES_TRIGGER = 'customer-pages';
export const MAIL_EVENTS_TRIGGER = 'mail-events';
export const PROVISIONING_TRIGGER = 'provisioning';

export class ForgePageUrls implements PageUrls {
  private readonly bases = new Map<string, Promise<string>>();

  private base(trigger: string): Promise<string> {
    let base = this.bases.get(trigger);
    if (!base) {
      base = webTrigger.getUrl(trigger).then((url) => url.replace(/\/+$/, ''));
      base.catch(() => this.bases.delete(trigger));
      this.bases.set(trigger, base);
    }
    return base;
  }

  customerPagesBase(): Promise<string> {
    return this.base(CUSTOMER_PAGES_TRIGGER);
  }

  mailEventsBase(): Promise<string> {
    return this.base(MAIL_EVENTS_TRIGGER);
  }

  provisioningBase(): Promise<string> {
    return this.base(PROVISIONING_TRIGGER);
  }
}
