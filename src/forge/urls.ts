import { webTrigger } from '@forge/api';
import type { PageUrls } from '../ports';

/** The customer pages' base URL comes from the platform, once per warm instance. */
export const CUSTOMER_PAGES_TRIGGER = 'customer-pages';

export class ForgePageUrls implements PageUrls {
  private base: Promise<string> | undefined;
  customerPagesBase(): Promise<string> {
    this.base ??= webTrigger.getUrl(CUSTOMER_PAGES_TRIGGER).then((url) => url.replace(/\/+$/, ''));
    this.base.catch(() => (this.base = undefined));
    return this.base;
  }
}
