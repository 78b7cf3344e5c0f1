import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';

/**
 * The customer pages' passkey script (issue 22), bundled by scripts/build.mjs into an inline script of the pages
 * (src/surfaces/pages/passkey-script.ts): progressive enhancement only. The page works without it (password
 * sign-in, "Continue"); with it, the passkey controls appear. Its settings come from a JSON element the server
 * wrote (`#passkey-config`): which ceremony, the reference, where to ask for options, the texts to show.
 */
interface Config {
  mode: 'sign-in' | 'add';
  reference: string;
  optionsUrl: string;
  /** add: where the new passkey goes; snoozeUrl: "Not now". */
  addUrl?: string;
  snoozeUrl?: string;
  text: { failed: string; cancelled: string; added: string; unsupported: string };
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T | null;

function show(message: string, kind: 'error' | 'success' = 'error'): void {
  const box = byId('passkey-status');
  if (!box) return;
  box.className = `alert ${kind}`;
  box.textContent = message;
  box.hidden = false;
  box.focus();
}

async function post(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
}

async function options(config: Config): Promise<unknown> {
  const res = await post(config.optionsUrl, { request: config.reference });
  if (!res.ok) throw new Error('options');
  const answer = (await res.json()) as { options: unknown; reference?: string };
  // The app's own log-in page: its options request started the pending sign-in the answer is posted to.
  const request = byId('passkey-form')?.querySelector<HTMLInputElement>('input[name="request"]');
  if (answer.reference && request) request.value = answer.reference;
  return answer.options;
}

const cancelled = (error: unknown) => error instanceof Error && (error.name === 'NotAllowedError' || error.name === 'AbortError' || (error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED'));

async function signIn(config: Config, autofill: boolean): Promise<void> {
  const form = byId<HTMLFormElement>('passkey-form');
  const field = byId<HTMLInputElement>('passkey-credential');
  if (!form || !field) return;
  const optionsJSON = (await options(config)) as Parameters<typeof startAuthentication>[0]['optionsJSON'];
  const answer = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
  field.value = JSON.stringify(answer);
  form.submit();
}

async function add(config: Config): Promise<void> {
  const optionsJSON = (await options(config)) as Parameters<typeof startRegistration>[0]['optionsJSON'];
  const answer = await startRegistration({ optionsJSON });
  const res = await post(config.addUrl ?? '', { request: config.reference, credential: JSON.stringify(answer) });
  const outcome = (await res.json()) as { state: string; message?: string };
  if (outcome.state !== 'added') {
    show(outcome.message ?? config.text.failed);
    return;
  }
  show(outcome.message ?? config.text.added, 'success');
  byId('passkey-add')?.setAttribute('hidden', '');
  const next = byId<HTMLFormElement>('passkey-next');
  if (next) window.setTimeout(() => next.submit(), 1200);
}

function start(): void {
  const element = byId('passkey-config');
  if (!element) return;
  const config = JSON.parse(element.textContent ?? '{}') as Config;
  if (!browserSupportsWebAuthn()) {
    show(config.text.unsupported);
    return;
  }
  const failed = (error: unknown) => show(cancelled(error) ? config.text.cancelled : config.text.failed);
  if (config.mode === 'sign-in') {
    const button = byId<HTMLButtonElement>('passkey-button');
    if (button) {
      button.hidden = false;
      button.addEventListener('click', () => void signIn(config, false).catch(failed));
    }
    // Passkey autofill on the username field where the browser offers it (conditional mediation).
    void browserSupportsWebAuthnAutofill().then((supported) => {
      if (supported) void signIn(config, true).catch((error: unknown) => (cancelled(error) ? undefined : failed(error)));
    });
    return;
  }
  const button = byId<HTMLButtonElement>('passkey-add');
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => void add(config).catch(failed));
  }
  const later = byId<HTMLButtonElement>('passkey-later');
  if (later && config.snoozeUrl) {
    later.addEventListener('click', (event) => {
      event.preventDefault();
      const next = byId<HTMLFormElement>('passkey-next');
      void post(config.snoozeUrl!, { request: config.reference }).finally(() => (next ? next.submit() : show(config.text.cancelled, 'success')));
    });
  }
}

start();
