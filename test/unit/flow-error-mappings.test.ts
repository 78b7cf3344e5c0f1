import type { ChangeResult } from '../../src/flows/change-password';
import type { AdminActionOutcome } from '../../src/flows/customer-admin';
import type { InviteOutcome } from '../../src/flows/invite';
import type { ResetLinkOutcome } from '../../src/flows/request-reset';
import { ADMIN_ERROR_CODES } from '../../src/surfaces/admin-api';
import { ADMIN_FLOW_ERRORS } from '../../src/surfaces/admin/directory';
import { AGENT_FLOW_ERRORS } from '../../src/surfaces/agent';
import { AGENT_ERROR_CODES, type AgentErrorCode } from '../../src/surfaces/agent-api';
import { CHANGE_FAILURE } from '../../src/surfaces/profile';
import { MESSAGES } from '../../static/agent-panel/src/i18n';

// The panel's messages module reads the host locale through the Custom UI bridge, which only exists in a page.
jest.mock('@forge/bridge', () => ({ view: { getContext: jest.fn() }, invoke: jest.fn() }));

/**
 * Issue 13, item 5: each surface maps every flow error to one of its API codes, in one table. The lists
 * below are Records over the flows' error unions, so `npx tsc -p .` fails when a flow gains an error that
 * is not listed here; the tests then check each table has exactly those keys and answers known codes.
 */
type FlowError<O> = Extract<O, { ok: false }> extends { error: infer E } ? E : never;
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

const INVITE: Record<FlowError<InviteOutcome>, true> = {
  retrying: true,
  'email-failed': true,
  conflict: true,
  'wrong-state': true,
  'already-registered': true,
  'limit-reached': true,
  'username-taken': true,
  'internal-address': true,
};
const RESET: Record<FlowError<ResetLinkOutcome>, true> = { retrying: true, 'email-failed': true, conflict: true, 'wrong-state': true, 'limit-reached': true };
const ADMIN_ACTION: Record<FlowError<AdminActionOutcome>, true> = { 'not-found': true, 'not-allowed': true, limit: true, conflict: true, 'email-failed': true };
const CHANGE: Record<Exclude<ChangeResult['state'], 'done'>, true> = {
  'wrong-password': true,
  locked: true,
  disabled: true,
  'wrong-state': true,
  'too-many': true,
  rejected: true,
  mismatch: true,
  conflict: true,
};

// Compile-level: the tables' key sets are exactly the flows' error unions (plus the panel's own refusal).
const agentKeys: Exact<keyof typeof AGENT_FLOW_ERRORS, FlowError<InviteOutcome> | FlowError<ResetLinkOutcome> | 'not-found'> = true;
const adminInviteKeys: Exact<keyof typeof ADMIN_FLOW_ERRORS.invite, FlowError<InviteOutcome>> = true;
const adminActionKeys: Exact<keyof typeof ADMIN_FLOW_ERRORS.action, FlowError<AdminActionOutcome>> = true;
const profileKeys: Exact<keyof typeof CHANGE_FAILURE, keyof typeof CHANGE> = true;

const keys = (o: object) => Object.keys(o).sort();

describe('flow error → API code tables are exhaustive', () => {
  it('the type-level checks hold', () => {
    expect([agentKeys, adminInviteKeys, adminActionKeys, profileKeys]).toEqual([true, true, true, true]);
  });

  it('agent: every invitation and reset error (and not-found) maps to a panel code the UI translates in en and de', () => {
    expect(keys(AGENT_FLOW_ERRORS)).toEqual(keys({ ...INVITE, ...RESET, 'not-found': true }));
    for (const [flowError, answer] of Object.entries(AGENT_FLOW_ERRORS)) {
      if (answer === 'fresh-panel') {
        expect(flowError).toBe('retrying');
        continue;
      }
      expect(AGENT_ERROR_CODES).toContain(answer.error);
    }
  });

  it('agent: the contract lists every code once, and the panel has a message for each in en and de', () => {
    expect(new Set(AGENT_ERROR_CODES).size).toBe(AGENT_ERROR_CODES.length);
    expect(AGENT_ERROR_CODES).toContain<AgentErrorCode>('jira-unavailable');
    for (const lang of ['en', 'de'] as const) for (const code of AGENT_ERROR_CODES) expect(MESSAGES[lang].errors[code]).toMatch(/\S/);
    expect(MESSAGES.en.errors['jira-unavailable']).toBe('Jira did not answer. Try again in a moment.');
  });

  it('admin: every invitation error and every row-action error maps to an admin code', () => {
    expect(keys(ADMIN_FLOW_ERRORS.invite)).toEqual(keys(INVITE));
    expect(keys(ADMIN_FLOW_ERRORS.action)).toEqual(keys(ADMIN_ACTION));
    for (const answer of [...Object.values(ADMIN_FLOW_ERRORS.invite), ...Object.values(ADMIN_FLOW_ERRORS.action)]) {
      if (answer === 'stored') continue;
      expect(ADMIN_ERROR_CODES).toContain(answer.error);
      expect(answer.ok).toBe(false);
    }
  });

  it('profile: every password-change failure maps to a profile answer', () => {
    expect(keys(CHANGE_FAILURE)).toEqual(keys(CHANGE));
  });
});
