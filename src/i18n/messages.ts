/** The customer pages' sentences by stable id (the catalogues: messages-en.ts, messages-de.ts) and their one translator. */
import type { Locale } from './locale';
import { DE_MESSAGES } from './messages-de';
import { EN_MESSAGES, type MessageId } from './messages-en';

export type { MessageId };

const catalogues: Record<Locale, Record<MessageId, string>> = { en: EN_MESSAGES, de: DE_MESSAGES };

export type Translate = (id: MessageId, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalogue = catalogues[locale];
  return (id, params) =>
    catalogue[id].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
