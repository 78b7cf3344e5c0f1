import { PasswordHasher, OWASP_SCRYPT } from '../../src/crypto/password-hasher';
import { DEFAULT_SETTINGS } from '../../src/domain/settings';
import { redact } from '../../src/forge/logger';
import { MailRenderer, buttonTextColor } from '../../src/mail/renderer';

describe('password hashing', () => {
  it('uses scrypt at OWASP parameters and stores them with the hash', async () => {
    const hasher = new PasswordHasher();
    const hash = await hasher.hash('lantern harbour violet');
    expect(OWASP_SCRYPT).toEqual({ N: 131072, r: 8, p: 1 });
    expect(hash).toMatch(/^scrypt\$N=131072,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await hasher.verify('lantern harbour violet', hash)).toBe(true);
    expect(await hasher.verify('lantern harbour violeT', hash)).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('verifies hashes made with older, weaker parameters and flags them for rehashing', async () => {
    const weak = await new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 }).hash('secret phrase here');
    const current = new PasswordHasher();
    expect(await current.verify('secret phrase here', weak)).toBe(true);
    expect(current.needsRehash(weak)).toBe(true);
  });

  it('runs at most two scrypt computations at once; the rest wait', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 }, 2);
    await Promise.all(Array.from({ length: 8 }, (_, i) => hasher.hash(`password number ${i}`)));
    expect(hasher.runs).toBe(8);
    expect(hasher.peakConcurrent).toBe(2);
  });

  it('spends a real hash on unknown accounts (no timing shortcut)', async () => {
    const hasher = new PasswordHasher({ N: 2 ** 14, r: 8, p: 1 });
    expect(await hasher.verify('anything at all', undefined)).toBe(false);
    // Exactly one run, from the very first call on (no stand-in hash prepared on a cold instance).
    expect(hasher.runs).toBe(1);
    expect(await hasher.verify('anything at all', 'not-a-hash')).toBe(false);
    expect(hasher.runs).toBe(2);
  });
});

describe('email rendering', () => {
  const renderer = new MailRenderer();
  const brand = { ...DEFAULT_SETTINGS.branding, portalName: 'Demo <Desk>', companyName: '<script>alert(1)</script> GmbH', footerAddress: 'Musterstraße 1' };
  const vars = {
    customer: { name: '<img src=x onerror=alert(1)>', username: 'customer2300229' },
    portal: { name: 'Demo Desk' },
    support: { contact: 'support@example.com' },
    link: { url: 'https://pages.example/reset?token=abc.def&lang=en', minutes: 60 },
  };

  it('escapes customer and brand data in HTML, keeps the link in HTML and text', () => {
    const mail = renderer.renderDefault('reset', 'en', brand, vars);
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; GmbH');
    expect(mail.html).toContain('href="https://pages.example/reset?token=abc.def&amp;lang=en"');
    expect(mail.text).toContain('https://pages.example/reset?token=abc.def&lang=en');
    expect(mail.text).toContain('60 minutes');
    expect(mail.subject).toBe('[Demo Desk] Reset your password');
  });

  it('renders German from the German template', () => {
    const mail = renderer.renderDefault('reset', 'de', brand, vars);
    expect(mail.subject).toBe('[Demo Desk] Ihr Passwort zurücksetzen');
    expect(mail.html).toContain('Mein Passwort zurücksetzen');
    expect(mail.text).toContain('60 Minuten');
  });

  it('never lets a subject carry a line break', () => {
    const mail = renderer.render({ subject: '{{ customer.name }}', preheader: '', html: '{{ link.url | button: "Go" }}', text: '' }, 'en', brand, {
      ...vars,
      customer: { name: 'Eve\r\nBcc: victim@example.com', username: 'eve' },
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('fails on unknown variables instead of sending blanks (strict variables)', () => {
    expect(() => renderer.render({ subject: '{{ customer.nmae }}', preheader: '', html: '', text: '' }, 'en', brand, vars)).toThrow();
  });

  it('cannot read files from the host (include, render and layout find nothing)', () => {
    for (const tag of ['{% include "package.json" %}', '{% render "package.json" %}', '{% layout "package.json" %}x']) {
      expect(() => renderer.render({ subject: 'S', preheader: '', html: tag, text: tag }, 'en', brand, vars)).toThrow();
    }
  });

  it('picks a readable button text colour for the brand colour', () => {
    expect(buttonTextColor('#0C66E4')).toBe('#FFFFFF');
    expect(buttonTextColor('#FFE380')).toBe('#000000');
  });
});

describe('log redaction', () => {
  it('masks email addresses and long tokens', () => {
    const line = redact('{"m":"x","to":"jane.doe@example.com","t":"vCyx26e50YjxtwAYkOEnAQ.hV9UosaxCbiIydSinx9qsUUZ2QasUl6fm2-cdDG67C4"}');
    expect(line).not.toContain('jane.doe@example.com');
    expect(line).not.toContain('hV9UosaxCbiIydSinx9qsUUZ2QasUl6fm2');
  });
});
