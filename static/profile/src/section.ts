import type { ProfileData } from '../../../src/surfaces/profile-api';
import type { Messages } from './i18n';

/** What every section of the profile panel is given: the texts, the profile, its date format, and where a changed profile goes. */
export interface SectionProps {
  t: Messages;
  data: ProfileData;
  dateTime: (sec: number) => string;
  onChanged: (fresh: ProfileData) => void;
}

/** A section's message after an action (read out: a status, or an alert for an error). */
export type Notice = { tone: 'success' | 'error'; text: string } | null;

/** Focus an element on the next frame (after the render that shows it). */
export const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
