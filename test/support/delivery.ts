import type { AgentResult, PanelData } from '../../src/surfaces/agent-api';
import { form, type TestHost } from './local-host';

/**
 * Delivery on `host()` (test/integration/delivery): faults injected into its mailbox, the host clock moved with
 * every due retry run, a reset request from a new client address each time, and the agent panel of a request.
 */
export function deliveryCalls(host: () => TestHost) {
  let client = 0;
  const nextClient = () => ({ 'x-forwarded-for': `203.0.113.${++client}` });

  async function faults(body: Record<string, unknown>) {
    const response = await fetch(`${host().url}/local/api/mail/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect(response.status).toBe(200);
  }

  /** Moves the clock and lets every due retry run to completion. */
  async function advance(seconds: number) {
    await fetch(`${host().url}/local/api/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
    await new Promise((resolve) => setImmediate(resolve));
    await host().idle();
  }

  async function requestReset(identifier: string) {
    const response = await form(host(), 'forgot', { identifier }, nextClient());
    await host().idle();
    return response;
  }

  async function panel(issueKey: string): Promise<PanelData> {
    const response = await fetch(`${host().url}/local/api/invoke`, {
      method: 'POST',
      body: JSON.stringify({ moduleKey: 'agent-panel', functionKey: 'agent/panel', payload: {}, persona: 'agent', issueKey }),
    });
    const { result } = (await response.json()) as { result: AgentResult<PanelData> };
    if (!result.ok) throw new Error(result.error);
    return result.data;
  }
  return { nextClient, faults, advance, requestReset, panel };
}
