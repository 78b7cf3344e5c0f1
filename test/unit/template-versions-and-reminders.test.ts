import { newCustomer, type Customer } from '../../src/domain/customer';
import { daysLeft, inviteReminderDue, reminderLinkLifetimeSec } from '../../src/domain/invite-reminder';
import { EMPTY, isKept, MAX_VERSIONS, nextVersion, slotOf, type CurrentTemplate, type TemplateParts } from '../../src/domain/template-versions';
import { DEFAULT_TEMPLATES } from '../../src/mail/default-templates';
import { validateTemplate } from '../../src/mail/template-validation';

const parts = (subject: string): TemplateParts => ({ ...DEFAULT_TEMPLATES.reset.en, subject });
const by = (savedAt: number, origin: 'saved' | 'reset' | 'restored' = 'saved', from?: number) => ({ savedAt, savedBy: 'acc-1', savedByName: 'Ada Admin', origin, from });

describe('template versions', () => {
  function saveMany(n: number): { current: CurrentTemplate; slots: Map<number, { version: number; template: TemplateParts | null }> } {
    let current = EMPTY;
    const slots = new Map<number, { version: number; template: TemplateParts | null }>();
    for (let i = 1; i <= n; i++) {
      const next = nextVersion(current, parts(`v${i}`), by(1000 + i));
      current = next.current;
      slots.set(slotOf(next.stored.version), next.stored);
    }
    return { current, slots };
  }

  it('a save becomes the current template and the newest version', () => {
    const { current, stored } = nextVersion(EMPTY, parts('hello'), by(1234));
    expect(current).toEqual({ template: parts('hello'), version: 1, versions: [{ version: 1, savedAt: 1234, savedBy: 'acc-1', savedByName: 'Ada Admin', origin: 'saved', isDefault: false }] });
    expect(stored).toEqual({ ...current.versions[0], template: parts('hello') });
  });

  it(`keeps the last ${MAX_VERSIONS} versions: the 11th save reuses the 1st one's slot`, () => {
    const { current, slots } = saveMany(MAX_VERSIONS + 3);
    expect(current.version).toBe(13);
    expect(current.versions.map((v) => v.version)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(slots.size).toBe(MAX_VERSIONS);
    expect([...slots.values()].map((s) => s.version).sort((a, b) => a - b)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(isKept(current, 4)).toBe(true);
    expect(isKept(current, 3)).toBe(false);
    expect(slots.get(slotOf(3))?.version).toBe(13); // a request for version 3 finds another version in its slot
  });

  it('reset to default is a version whose template is null; restore copies an older one as a new version', () => {
    const { current } = saveMany(2);
    const reset = nextVersion(current, null, by(2000, 'reset'));
    expect(reset.current.template).toBeNull();
    expect(reset.current.versions[0]).toMatchObject({ version: 3, origin: 'reset', isDefault: true });
    const restored = nextVersion(reset.current, parts('v1'), by(3000, 'restored', 1));
    expect(restored.current).toMatchObject({ template: parts('v1'), version: 4 });
    expect(restored.current.versions.map((v) => [v.version, v.origin, v.from])).toEqual([[4, 'restored', 1], [3, 'reset', undefined], [2, 'saved', undefined], [1, 'saved', undefined]]);
  });
});

describe('invitation reminder rules', () => {
  const DAY = 86_400;
  const T0 = 1_800_000_000;
  const invited = (over: Partial<Customer> = {}): Customer => ({
    ...newCustomer({ id: 'c'.repeat(22), email: 'a@example.com', emailKey: 'a@example.com', username: 'u', usernameKey: 'u', displayName: 'A', locale: 'en', nowSec: T0 }),
    invitedAt: T0,
    link: { hash: 'h', purpose: 'invite', issuedAt: T0, expiresAt: T0 + 7 * DAY },
    ...over,
  });

  it('is due only inside the window before expiry', () => {
    expect(inviteReminderDue(invited(), 2, T0 + 4 * DAY)).toBe(false); // 3 days left
    expect(inviteReminderDue(invited(), 2, T0 + 5 * DAY)).toBe(true); // exactly 2 days left
    expect(inviteReminderDue(invited(), 2, T0 + 7 * DAY - 1)).toBe(true);
    expect(inviteReminderDue(invited(), 2, T0 + 7 * DAY)).toBe(false); // expired
    expect(inviteReminderDue(invited(), 0, T0 + 6 * DAY)).toBe(false); // reminders off
  });

  it('is due once per invitation: a reminder after the invitation stops it, a newer invitation re-arms it', () => {
    expect(inviteReminderDue(invited({ inviteRemindedAt: T0 + 5 * DAY }), 2, T0 + 6 * DAY)).toBe(false);
    expect(inviteReminderDue(invited({ inviteRemindedAt: T0 - DAY }), 2, T0 + 6 * DAY)).toBe(true); // reminded of an older invitation
  });

  it('is never due for active, disabled or link-less accounts or a reset link', () => {
    expect(inviteReminderDue(invited({ status: 'active' }), 2, T0 + 6 * DAY)).toBe(false);
    expect(inviteReminderDue(invited({ status: 'disabled' }), 2, T0 + 6 * DAY)).toBe(false);
    expect(inviteReminderDue(invited({ link: null }), 2, T0 + 6 * DAY)).toBe(false);
    expect(inviteReminderDue(invited({ link: { hash: 'h', purpose: 'reset', issuedAt: T0, expiresAt: T0 + 7 * DAY } }), 2, T0 + 6 * DAY)).toBe(false);
  });

  it("the reminder's link lives until the invitation's own expiry; days left round up", () => {
    expect(reminderLinkLifetimeSec(invited(), T0 + 5.5 * DAY)).toBe(1.5 * DAY);
    expect(daysLeft(invited(), T0 + 5.5 * DAY)).toBe(2);
    expect(daysLeft(invited(), T0 + 7 * DAY - 60)).toBe(1);
  });

  it('a reminder template must carry the link, like invitations and resets', () => {
    const template = { ...DEFAULT_TEMPLATES['invite-reminder'].en, html: '<p>{{ link.days }} days left</p>' };
    expect(validateTemplate('invite-reminder', template).map((p) => [p.part, p.code])).toEqual([['html', 'missing-link']]);
    expect(validateTemplate('invite-reminder', { ...template, html: '{{ link.url }} {{ inviter.name }}' }).map((p) => p.code)).toEqual(['unknown-variable']);
  });
});
