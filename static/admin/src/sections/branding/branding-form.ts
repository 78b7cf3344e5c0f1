import type { BrandingInput, SettingsData } from '../../../../../src/surfaces/admin-api';
import type { Errors } from '../settings-common';
import type { SettingsTexts } from '../settings.i18n';

// The form model of the section "Branding": the form read from the stored settings, the backend's rules
// checked in the browser, and the message for a field the server refused.

export const COLOR = /^#[0-9a-fA-F]{6}$/;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export function formOf(d: SettingsData): BrandingInput {
  const { senderAddress: _address, logoUploaded: _uploaded, logoPreview: _preview, ...input } = d.branding;
  return input;
}

const isHttps = (s: string) => {
  try {
    return new URL(s).protocol === 'https:';
  } catch {
    return false;
  }
};

/** The backend's rules, so most mistakes show without a round trip. */
export function validate(s: SettingsTexts, f: BrandingInput, d: SettingsData): Errors {
  const b = s.branding;
  const e: Errors = {};
  const max = d.bounds;
  if (!f.portalName.trim()) e.portalName = s.required;
  else if (f.portalName.trim().length > max.portalName[1]) e.portalName = s.tooLong(max.portalName[1]);
  if (f.companyName.trim().length > max.companyName[1]) e.companyName = s.tooLong(max.companyName[1]);
  if (!d.branding.logoUploaded && f.logoUrl.trim() && !isHttps(f.logoUrl.trim())) e.logoUrl = s.httpsUrl;
  if (!COLOR.test(f.primaryColor.trim())) e.primaryColor = b.colorError;
  const name = f.senderName.trim();
  if (!name || name.length > 100 || /[\r\n<>]/.test(name)) e.senderName = b.senderNameError;
  if (f.replyTo.trim() && !EMAIL.test(f.replyTo.trim())) e.replyTo = s.email;
  if (f.footerAddress.trim().length > max.footerAddress[1]) e.footerAddress = s.tooLong(max.footerAddress[1]);
  if (!/^[\d\s+()./-]*$/.test(f.footerPhone.trim()) || f.footerPhone.trim().length > max.footerPhone[1]) e.footerPhone = b.footerPhoneError;
  if (f.footerEmail.trim() && !EMAIL.test(f.footerEmail.trim())) e.footerEmail = s.email;
  if (f.imprintUrl.trim() && !isHttps(f.imprintUrl.trim())) e.imprintUrl = s.httpsUrl;
  if (f.privacyUrl.trim() && !isHttps(f.privacyUrl.trim())) e.privacyUrl = s.httpsUrl;
  return e;
}

export function messageFor(s: SettingsTexts, field: string): string | undefined {
  const b = s.branding;
  const map: Record<string, string> = {
    portalName: s.required,
    companyName: s.tooLong(200),
    logoUrl: s.httpsUrl,
    primaryColor: b.colorError,
    senderName: b.senderNameError,
    replyTo: s.email,
    footerAddress: s.tooLong(500),
    footerPhone: b.footerPhoneError,
    footerEmail: s.email,
    imprintUrl: s.httpsUrl,
    privacyUrl: s.httpsUrl,
  };
  return map[field];
}
