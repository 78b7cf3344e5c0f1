import type { Customer } from './customer';

/**
 * Invitation reminders, as pure rules: a reminder goes out once per invitation, `reminderDays` days (or
 * fewer) before it expires, to accounts that are still invited and whose invitation has not expired. The
 * reminder's link keeps the invitation's expiry: reminding never extends an invitation.
 */
const DAY = 86_400;

export function inviteReminderDue(c: Customer, reminderDays: number, nowSec: number): boolean {
  if (reminderDays <= 0 || c.status !== 'invited' || c.link?.purpose !== 'invite') return false;
  const left = c.link.expiresAt - nowSec;
  if (left <= 0 || left > reminderDays * DAY) return false;
  return !remindedOfCurrentInvitation(c);
}

export function remindedOfCurrentInvitation(c: Customer): boolean {
  const at = c.inviteRemindedAt ?? 0;
  return at > 0 && at >= c.invitedAt;
}

/** Seconds a reminder's fresh link lives: until the invitation's own expiry (never longer). */
export function reminderLinkLifetimeSec(c: Customer, nowSec: number): number {
  return c.link?.purpose === 'invite' ? Math.max(0, c.link.expiresAt - nowSec) : 0;
}

/** "Expires in N days" as the reminder says it: whole days, rounded up, at least 1. */
export function daysLeft(c: Customer, nowSec: number): number {
  return Math.max(1, Math.ceil(reminderLinkLifetimeSec(c, nowSec) / DAY));
}
