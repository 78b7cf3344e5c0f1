import * as z from 'zod';
import { certificateStatus, activeKey, type IdpConfig } from '../../domain/saml/keys';
import { serviceProviderSchema, serviceProviderWarnings, type ServiceProvider } from '../../domain/saml/service-provider';
import { startTestSignIn } from '../../flows/sign-in/start';
import { nowSec } from '../../flows/deps';
import type { SsoData, SsoField } from '../admin-api';
import { fail, type AdminSection } from './common';

/**
 * Section "Single sign-on": the identity provider's values to paste into Atlassian Administration, the
 * service provider's values Atlassian gives back, key rotation and the test sign-in. Answers carry only
 * certificates (public); private keys stay in KVS secret storage.
 */
const FIELDS: readonly SsoField[] = ['spEntityId', 'acsUrl', 'helpCenterUrl'];
const savePayload = serviceProviderSchema.strict();
const keysPayload = z.object({ action: z.enum(['create-next', 'activate-next', 'retire-previous']) }).strict();
const testPayload = z.object({ identifier: z.string().trim().max(254).refine((s) => !/[\p{Cc}]/u.test(s), 'control'), locale: z.enum(['en', 'de']).optional() }).strict();

export const ssoSection: AdminSection = ({ deps, define, fresh, updateStored }) => {
  async function data(config: IdpConfig, sp: ServiceProvider): Promise<SsoData> {
    const base = await deps.urls.customerPagesBase();
    const active = activeKey(config);
    return {
      idp: { entityId: config.entityId, ssoUrl: `${base}/saml/sso`, metadataUrl: `${base}/saml/metadata`, certificateUrl: `${base}/saml/certificate.pem` },
      keys: config.keys.map((k) => ({ kid: k.kid, state: k.state, notBefore: k.notBefore, notAfter: k.notAfter, fingerprint: k.fingerprint, pem: k.pem })),
      certificate: certificateStatus(active, nowSec(deps)),
      sp,
      warnings: sp.spEntityId || sp.acsUrl ? serviceProviderWarnings(sp) : [],
    };
  }

  define('admin/sso/get', async () => {
    const [config, settings] = await Promise.all([deps.idpKeys.config(), fresh()]);
    return { ok: true, data: await data(config, settings.sso) };
  });

  define('admin/sso/save', async (payload, caller) => {
    const parsed = savePayload.safeParse(payload);
    if (!parsed.success) {
      const field = FIELDS.find((f) => f === parsed.error.issues[0]?.path[0]);
      return fail('invalid-input', field ? { field } : {});
    }
    const failure = await updateStored((stored) => ({ ...stored, sso: parsed.data }));
    if (failure) return failure;
    deps.log.info('sso settings saved', { actor: caller.accountId });
    const [config, settings] = await Promise.all([deps.idpKeys.config(), fresh()]);
    return { ok: true, data: await data(config, settings.sso) };
  });

  define('admin/sso/keys', async (payload, caller) => {
    const parsed = keysPayload.safeParse(payload);
    if (!parsed.success) return fail('invalid-input', { field: 'action' });
    const result = await deps.idpKeys.rotate(parsed.data.action);
    if (!result.ok) return fail(result.reason);
    deps.log.info('sso key rotation', { actor: caller.accountId, step: parsed.data.action });
    return { ok: true, data: await data(result.config, (await fresh()).sso) };
  });

  define('admin/sso/test', async (payload, caller) => {
    const parsed = testPayload.safeParse(payload);
    if (!parsed.success) return fail('invalid-input', { field: 'identifier' });
    await fresh();
    const started = await startTestSignIn(deps, parsed.data.identifier);
    if (!started.ok) return fail('not-allowed', { reason: 'not-configured' });
    deps.log.info('sso test sign-in started', { actor: caller.accountId });
    const base = await deps.urls.customerPagesBase();
    const url = `${base}/sign-in?${new URLSearchParams({ request: started.reference, lang: parsed.data.locale ?? 'en' })}`;
    return { ok: true, data: { url, expiresAt: started.expiresAt } };
  });
};
