import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which installation an invocation runs for, and state kept per installation.
 *
 * Forge's shared responsibility model: a warm process may serve several tenants one after another without
 * clearing module-level state, so in-memory state must be partitioned by a tenant identifier. Forge's
 * "Function Arguments" page: every function gets `(payload, context)`, and the context ("the same for all
 * modules") carries `installContext`, "the ARI identifying the cloud or product context of this component
 * installation" (and, newer, `installation: {ari: {installationId}, contexts}`). Resolvers receive it as the
 * second argument before @forge/resolver folds it into `request.context`; web triggers, scheduled triggers,
 * product events, Automation actions and the async-events consumer receive it the same way. One app
 * environment has one installation per context, so `installContext` names the installation.
 */
export class MissingInstallationError extends Error {
  constructor() {
    super('The invocation carries no installation context');
    this.name = 'MissingInstallationError';
  }
}

/** The installation key of an invocation's context (its `installContext` ARI); throws when there is none. */
export function installationKey(context: unknown): string {
  const installContext = (context as { installContext?: unknown } | undefined)?.installContext;
  if (typeof installContext === 'string' && /^ari:cloud:\S{1,400}$/.test(installContext)) return installContext;
  throw new MissingInstallationError();
}

/** The invocation in progress: its installation key. A scope, not tenant state (it holds nothing between invocations). */
// eslint-disable-next-line no-restricted-syntax -- the invocation scope itself: it holds an installation only while one of its invocations runs
const invocation = new AsyncLocalStorage<string>();

/** Runs `fn` as an invocation of `key`: what it reads through perInstallation() is that installation's. */
export function inInstallation<T>(key: string, fn: () => T): T {
  return invocation.run(key, fn);
}

/** The installation of the invocation in progress (undefined outside one: tools and tests calling adapters directly). */
export function currentInstallation(): string | undefined {
  return invocation.getStore();
}

/** The key for calls outside any invocation (tests and the local host's own tooling): never one of an installation's. */
export const NO_INSTALLATION = '(no installation)';

/**
 * Values built once per installation and kept for the life of the process, least recently used dropped
 * beyond `max` (a dropped installation starts cold, as in a new container). The only sanctioned place for
 * state that outlives an invocation: see docs/tenancy.md.
 */
export class PerInstallation<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly build: (key: string) => T, private readonly max = 100) {}

  /** The value of installation `key`, built on first use. */
  of(key: string): T {
    let value = this.values.get(key);
    if (value === undefined) {
      value = this.build(key);
      if (this.values.size >= this.max) this.values.delete(this.values.keys().next().value as string);
    } else {
      this.values.delete(key);
    }
    this.values.set(key, value);
    return value;
  }

  /** The value of the invocation in progress (see currentInstallation). */
  current(): T {
    return this.of(currentInstallation() ?? NO_INSTALLATION);
  }

  /** Drops every installation's value (tests and the bench: act as a new container). */
  clear(): void {
    this.values.clear();
  }
}
