import { brandContrast, buttonTextColor, contrastRatio } from '../../src/domain/contrast';
import { isInternalAddress, normaliseDomain } from '../../src/domain/internal-domain';
import { checkLogo, LOGO_MAX_BYTES, sniffImageType } from '../../src/domain/logo';
import { DEFAULT_SETTINGS, resolveSettings, settingsSchema, type Settings } from '../../src/domain/settings';
import { SETTINGS_BOUNDS } from '../../src/domain/settings-bounds';
import { buttonTextColor as mailButtonTextColor } from '../../src/mail/renderer';

type Change = (s: Settings) => void;
function issuePath(change: Change): string | undefined {
  const s = structuredClone(DEFAULT_SETTINGS);
  change(s);
  const result = settingsSchema.safeParse(s);
  return result.success ? undefined : result.error.issues[0].path.join('.');
}

describe('settings bounds', () => {
  it('accepts the defaults', () => {
    expect(issuePath(() => undefined)).toBeUndefined();
  });

  it.each([
    ['policy.minLength', (s: Settings) => (s.policy.minLength = SETTINGS_BOUNDS.minLength[0] - 1)],
    ['policy.minLength', (s: Settings) => (s.policy.minLength = SETTINGS_BOUNDS.minLength[1] + 1)],
    ['policy.maxLength', (s: Settings) => (s.policy.maxLength = SETTINGS_BOUNDS.maxLength[1] + 1)],
    ['policy.minLength', (s: Settings) => (s.policy.minLength = 12.5)],
    ['resetLinkMinutes', (s: Settings) => (s.resetLinkMinutes = 4)],
    ['resetLinkMinutes', (s: Settings) => (s.resetLinkMinutes = 24 * 60 + 1)],
    ['inviteLinkDays', (s: Settings) => (s.inviteLinkDays = 0)],
    ['inviteLinkDays', (s: Settings) => (s.inviteLinkDays = 31)],
    ['limits.loginPerClient.windowSec', (s: Settings) => (s.limits.loginPerClient.windowSec = 59)],
    ['limits.resetPerAccount.limit', (s: Settings) => (s.limits.resetPerAccount.limit = 0)],
    ['lockout.threshold', (s: Settings) => (s.lockout.threshold = 2)],
    ['lockout.minutes', (s: Settings) => (s.lockout.minutes = 24 * 60 + 1)],
    ['branding.portalName', (s: Settings) => (s.branding.portalName = '')],
    ['branding.primaryColor', (s: Settings) => (s.branding.primaryColor = 'red')],
    ['help.spamHint.de', (s: Settings) => (s.help.spamHint.de = 'x'.repeat(501))],
    ['internal.domains.0', (s: Settings) => (s.internal = { domains: ['Example.com'], url: 'https://intra.example.com' })],
  ])('refuses %s out of range', (path, change) => {
    expect(issuePath(change)).toBe(path);
  });

  it('accepts both ends of each numeric range', () => {
    for (const [min, max] of [SETTINGS_BOUNDS.resetLinkMinutes, SETTINGS_BOUNDS.lockoutThreshold]) {
      expect(issuePath((s) => ((s.resetLinkMinutes = min === 5 ? min : s.resetLinkMinutes), (s.lockout.threshold = min === 3 ? min : s.lockout.threshold)))).toBeUndefined();
      expect(issuePath((s) => ((s.resetLinkMinutes = max === 1440 ? max : s.resetLinkMinutes), (s.lockout.threshold = max === 100 ? max : s.lockout.threshold)))).toBeUndefined();
    }
    expect(issuePath((s) => ((s.policy.minLength = 64), (s.policy.maxLength = 64)))).toBeUndefined();
  });

  it('cross-field: the reminder comes before the invitation expires (0 = none)', () => {
    expect(issuePath((s) => ((s.inviteLinkDays = 3), (s.inviteReminderDays = 3)))).toBe('inviteReminderDays');
    expect(issuePath((s) => ((s.inviteLinkDays = 3), (s.inviteReminderDays = 2)))).toBeUndefined();
    expect(issuePath((s) => ((s.inviteLinkDays = 1), (s.inviteReminderDays = 0)))).toBeUndefined();
  });

  it('cross-field: internal domains need the internal self-service URL', () => {
    expect(issuePath((s) => (s.internal = { domains: ['example.com'], url: '' }))).toBe('internal.url');
    expect(issuePath((s) => (s.internal = { domains: ['example.com'], url: 'https://intra.example.com/pw' }))).toBeUndefined();
  });

  it('stored settings that break a cross-field rule fall back to the defaults as a whole', () => {
    expect(resolveSettings({ inviteLinkDays: 2, inviteReminderDays: 5 })).toEqual(DEFAULT_SETTINGS);
    expect(resolveSettings({ inviteLinkDays: 10, inviteReminderDays: 5 }).inviteReminderDays).toBe(5);
  });
});

describe('WCAG contrast', () => {
  it('matches known ratios', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#FFFFFF', '#FFFFFF')).toBeCloseTo(1, 5);
    // #767676 is the lightest grey that passes AA on white; #777777 just fails.
    expect(contrastRatio('#767676', '#FFFFFF')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#FFFFFF', '#767676')).toBeCloseTo(contrastRatio('#767676', '#FFFFFF'), 10);
  });

  it('picks the button text with more contrast, the same as the mail renderer', () => {
    expect(buttonTextColor('#0C66E4')).toBe('#FFFFFF');
    expect(buttonTextColor('#FFD700')).toBe('#000000');
    for (const c of ['#0C66E4', '#FFD700', '#777777', '#00FF00', '#123456', '#FF0000']) expect(mailButtonTextColor(c)).toBe(buttonTextColor(c));
  });

  it('reports what passes AA and what the app does otherwise', () => {
    expect(brandContrast('#0C66E4')).toMatchObject({ buttonText: '#FFFFFF', buttonOk: true, linkOk: true, linkColor: '#0C66E4' });
    const yellow = brandContrast('#FFD700');
    expect(yellow).toMatchObject({ buttonText: '#000000', buttonOk: true, linkOk: false, linkColor: '#0C66E4' });
    expect(yellow.linkRatio).toBeLessThan(4.5);
    // Orange: white text fails (3.17:1), so buttons get black text (6.63:1) and links the fallback blue.
    const orange = brandContrast('#FF5630');
    expect(orange).toMatchObject({ whiteRatio: 3.17, whiteOk: false, buttonText: '#000000', buttonRatio: 6.63, buttonOk: true, linkRatio: 3.17, linkOk: false });
    // At the boundary: #767676 passes as link text and with white text, #777777 does not (4.48:1).
    // (buttons still get black text there: 4.63:1 beats white's 4.54:1)
    expect(brandContrast('#767676')).toMatchObject({ whiteOk: true, linkOk: true, buttonText: '#000000', linkColor: '#767676' });
    expect(brandContrast('#777777')).toMatchObject({ whiteOk: false, linkOk: false, buttonText: '#000000', buttonRatio: 4.69, buttonOk: true });
    // Whatever the colour, one of black and white reaches at least 4.58:1.
    for (let v = 0; v < 256; v += 5) {
      const hex = `#${v.toString(16).padStart(2, '0').repeat(3)}`;
      expect(brandContrast(hex).buttonRatio).toBeGreaterThanOrEqual(4.58);
    }
    expect(brandContrast('#8A8A8A').linkOk).toBe(false);
  });
});

describe('internal domains', () => {
  const domains = ['example.com', 'corp.example.org'];
  it.each([
    ['jane@example.com', true],
    ['Jane@EXAMPLE.COM', true],
    [' jane@example.com ', true],
    ['jane@mail.example.com', true],
    ['jane@a.b.example.com', true],
    ['jane@example.com.', true],
    ['jane@corp.example.org', true],
    ['jane@evil-example.com', false],
    ['jane@example.com.evil.net', false],
    ['jane@notexample.com', false],
    ['jane@example.org', false],
    ['jane@example.co', false],
    ['example.com@gmail.com', false],
    ['customer2300229', false],
    ['example.com', false],
  ])('%s → %s', (typed, expected) => {
    expect(isInternalAddress(typed, domains)).toBe(expected);
  });

  it('is never true without domains', () => {
    expect(isInternalAddress('jane@example.com', [])).toBe(false);
  });

  it('normalises what an admin types', () => {
    expect(normaliseDomain(' Example.COM. ')).toBe('example.com');
    expect(normaliseDomain('@example.com')).toBe('example.com');
    expect(normaliseDomain('example')).toBeUndefined();
    expect(normaliseDomain('exa mple.com')).toBeUndefined();
    expect(normaliseDomain('*.example.com')).toBeUndefined();
  });
});

describe('logo upload check', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  it('recognises PNG, JPEG, GIF and WebP by their bytes', () => {
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe('image/webp');
  });
  it('refuses SVG, HTML, look-alikes, empty and oversized uploads', () => {
    expect(checkLogo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toEqual({ ok: false, problem: 'bad-type' });
    expect(checkLogo(Buffer.from('<!DOCTYPE html><p>hi'))).toEqual({ ok: false, problem: 'bad-type' });
    expect(checkLogo(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '))).toEqual({ ok: false, problem: 'bad-type' });
    expect(checkLogo(Buffer.alloc(0))).toEqual({ ok: false, problem: 'empty' });
    expect(checkLogo(Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES - png.length)]))).toEqual({ ok: true, type: 'image/png' });
    expect(checkLogo(Buffer.concat([png, Buffer.alloc(LOGO_MAX_BYTES - png.length + 1)]))).toEqual({ ok: false, problem: 'too-large' });
  });
});
