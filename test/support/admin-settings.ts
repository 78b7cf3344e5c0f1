import type { Persona } from '../../local/jira-emulator';
import type { AdminResult, BrandingInput, SettingsData } from '../../src/surfaces/admin-api';
import { form, invokeResolver, type TestHost } from './local-host';

/**
 * The admin page's settings sections on `host()` (test/integration/admin-settings and admin-settings-pages): the
 * resolver call (as `admin` unless told), the settings as they are, a customer page, a reset request from a new
 * client address each time; `brandingOf` (the branding as the save takes it) and a 1×1 `PNG`.
 */
export const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'), Buffer.from('1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')]);

export const brandingOf = (d: SettingsData): BrandingInput => {
  const { senderAddress: _a, logoUploaded: _u, logoPreview: _p, ...input } = d.branding;
  return input;
};

export function settingsCalls(host: () => TestHost) {
  let client = 0;
  const nextClient = () => ({ 'x-forwarded-for': `203.0.113.${++client % 250}` });

  function invoke<T = SettingsData>(functionKey: string, payload: unknown = {}, persona: Persona = 'admin'): Promise<AdminResult<T>> {
    return invokeResolver<AdminResult<T>>(host().url, { moduleKey: 'admin-page', functionKey, payload, persona });
  }

  async function current(): Promise<SettingsData> {
    const result = await invoke('admin/settings/get');
    if (!result.ok) throw new Error(`get failed: ${result.error}`);
    return result.data;
  }

  const page = async (route: string) => fetch(`${host().url}/x/customer-pages/${route}`, { redirect: 'manual' });

  async function requestReset(identifier: string, lang = 'en') {
    const response = await form(host(), 'forgot', { identifier, lang }, nextClient());
    await host().idle();
    return response;
  }
  return { nextClient, invoke, current, page, requestReset };
}
