import { privacy } from '@forge/api';
import type { AccountAnswer } from '../domain/account-report';
import type { PrivacyReporting } from '../ports/privacy';

/**
 * Forge's Privacy API (issue 24 item 4; "Privacy API" in the Forge runtime reference): `reportPersonalData`
 * posts to `/app/report-accounts` as the app, at most 90 accounts a request (the flow never gives it more, so
 * one call is one request), and answers the accounts that were `closed` or `updated`; a failed request rejects
 * with its response, which the flow lets fail the run (what was recorded before stays).
 */
export class ForgePrivacyReporting implements PrivacyReporting {
  async report(accounts: { accountId: string; updatedAt: string }[]): Promise<AccountAnswer[]> {
    try {
      return await privacy.reportPersonalData(accounts);
    } catch (error) {
      const status = error instanceof Response ? error.status : undefined;
      throw new Error(status ? `personal data reporting answered ${status}` : 'personal data reporting failed', { cause: error });
    }
  }
}
