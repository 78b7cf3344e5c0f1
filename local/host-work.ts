import type { Logger } from '../src/ports/platform';
import type { HostClock } from './clock';
import type { QueuedEvent } from './forge-runtime';
import type { LocalSite } from './host-options';
import type { JobRunner } from './job-runner';
import type { ModuleInfo } from './manifest-modules';
import { nextAsyncDelivery, type DeliveryOutcome } from './redelivery';

/**
 * The host's background work and its accounting for idle(): queued jobs, delayed events and redeliveries (on the
 * host's clock), scheduled triggers — all run in the jobs worker (its own thread and SQLite connection), as Forge
 * runs the consumer in its own invocation — and the light detached invocations on this thread (product events,
 * Automation actions).
 */
export class HostWork {
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private delayed: { dueMs: number; run: () => void }[] = [];
  private paused: QueuedEvent[] | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly o: {
      clock: HostClock;
      log: Logger;
      /** The jobs worker once started (work waits for it: its first job only). */
      runner: Promise<JobRunner>;
      sites: LocalSite[];
      /** The site of an installation context; the demo site when none matches. */
      siteOf: (installContext: string | undefined) => LocalSite;
      modules: ModuleInfo[];
    },
  ) {
    // Delayed events and redeliveries wait on the host's clock, so advancing it (POST /local/api/clock) runs them.
    this.timer = setInterval(() => this.runDue(), 250);
  }

  /** Runs `run` once `delaySec` have passed on the host clock. */
  later = (delaySec: number, run: () => void) => {
    this.delayed.push({ dueMs: this.o.clock.nowMs() + delaySec * 1000, run });
  };

  /** Runs delayed jobs (retries) and redeliveries whose time on the host clock has come. */
  runDue = () => {
    const now = this.o.clock.nowMs();
    const due = this.delayed.filter((d) => d.dueMs <= now);
    this.delayed = this.delayed.filter((d) => d.dueMs > now);
    due.forEach((d) => d.run());
  };

  /** Resolves once every queued job (including ones they queue) has finished. */
  idle = (): Promise<void> => (this.pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.idleWaiters.push(resolve)));

  pause = () => {
    this.paused ??= [];
  };

  resume = () => {
    const held = this.paused ?? [];
    this.paused = undefined;
    held.forEach(this.deliver);
  };

  /**
   * Runs `fn` in the worker as an invocation of `site` (default: the demo site), counted for idle(); `then` (a
   * redelivery's scheduling) runs before idle() resolves.
   */
  inWorker = (fn: string, event: unknown, site: LocalSite = this.o.siteOf(undefined), then: (outcome: DeliveryOutcome) => void = () => {}): Promise<DeliveryOutcome> => {
    this.pending++;
    return this.o.runner
      .then((r) => r.run(fn, event, site.installContext))
      .then((outcome) => (then(outcome), outcome))
      .finally(() => this.done());
  };

  /** A queued event: to the jobs worker, in the site that pushed it (held while paused, later when delayed). */
  deliver = (event: QueuedEvent) => {
    if (event.delayInSeconds) {
      this.later(event.delayInSeconds, () => this.deliver({ ...event, delayInSeconds: undefined }));
      return;
    }
    if (this.paused) {
      this.paused.push(event);
      return;
    }
    const firstDeliveredMs = event.firstDeliveredMs ?? this.o.clock.nowMs();
    const { queueName, jobId, eventId, body, retryContext } = event;
    const site = this.o.siteOf(event.installContext);
    void this.inWorker('jobs', { queueName, jobId, eventId, body, ...(retryContext ? { retryContext } : {}) }, site, (outcome) => this.redeliver(event, outcome, firstDeliveredMs));
  };

  /** Forge delivers an event again after its consumer threw or asked for a retry, within 24 hours (local/redelivery.ts); in the site that pushed it. */
  private redeliver(event: QueuedEvent, outcome: DeliveryOutcome, firstDeliveredMs: number) {
    const next = nextAsyncDelivery(outcome, event.retryContext, firstDeliveredMs, this.o.clock.nowMs());
    if (next) this.deliver({ ...event, delayInSeconds: next.delaySec, retryContext: next.retryContext, firstDeliveredMs });
    else if (outcome.kind !== 'ok') this.o.log.warn('async event dropped: its retention window is over', { queue: event.queueName, retries: event.retryContext?.retryCount ?? 0 });
  }

  /**
   * One invocation of its own on this thread (a product event, an Automation action: they answer the caller
   * and are light), after the current one; idle() waits for it. Queued jobs go to the jobs worker.
   */
  detached = (what: string, run: () => Promise<unknown>): void => {
    this.pending++;
    setImmediate(() =>
      void run()
        .catch((error: unknown) => this.o.log.error(`${what} failed`, { error: error instanceof Error ? error.name : 'unknown' }))
        .finally(() => this.done()),
    );
  };

  /** Forge runs a scheduled trigger for each installation, with the request its docs describe ({context: {cloudId, moduleKey}}). */
  runScheduled = async () => {
    for (const site of this.o.sites) {
      for (const m of this.o.modules.filter((m) => m.type === 'scheduledTrigger')) await this.inWorker(m.function, { context: { cloudId: site.def.cloudId, moduleKey: m.moduleKey } }, site);
    }
  };

  /** Stops the clock's timer (the host is closing). */
  stop() {
    clearInterval(this.timer);
  }

  private done() {
    this.pending--;
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }
}
