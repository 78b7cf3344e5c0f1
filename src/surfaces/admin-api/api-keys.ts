/** Section "API access" (issue 12): keys for the provisioning API. A key is answered once, at creation. */
import { adminCall } from './common';

export type ApiKeyAccess = 'read' | 'write';

export interface ApiKeyInfo {
  id: string;
  name: string;
  access: ApiKeyAccess;
  /** The key's first characters (`pa_live_abcd…`), to recognise it. */
  hint: string;
  /** Calls must be signed with the key's signing secret. */
  signed: boolean;
  /** Seconds since the epoch. */
  createdAt: number;
  /** Last call with the key (to the minute), null = never used. */
  lastUsedAt: number | null;
}

export interface ApiKeysData {
  /** The provisioning web trigger's URL (routes below it) and the OpenAPI document's. */
  baseUrl: string;
  openapiUrl: string;
  keys: ApiKeyInfo[];
  /** At most this many keys at a time. */
  max: number;
}

/** The new key (and signing secret) in clear: shown once, never again answered by any key. */
export interface ApiKeyCreated {
  key: string;
  signingSecret: string | null;
  created: ApiKeyInfo;
  data: ApiKeysData;
}

export type ApiKeyField = 'name' | 'access' | 'signed';

export const API_KEY_NAME_MAX = 60;

export const API_KEY_CALLS = {
  'admin/api-keys/list': adminCall<Record<string, never>, ApiKeysData>(),
  /** `invalid-input` with field `name` (empty, too long, or a name another key has), `limit` at the maximum. */
  'admin/api-keys/create': adminCall<{ name: string; access: ApiKeyAccess; signed: boolean }, ApiKeyCreated>(),
  /** `not-found` when the key was revoked already. */
  'admin/api-keys/revoke': adminCall<{ id: string }, ApiKeysData>(),
};
