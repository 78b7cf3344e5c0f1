import fs from 'node:fs';
import path from 'node:path';
import { PayloadTooBigError, Queue } from '@forge/events';
import { installForgeRuntime, type QueuedEvent } from '../../local/forge-runtime';
import { SqliteKvs } from '../../local/kvs/sqlite-kvs';
import { consumerTimeouts, queuePushRefusal, QUEUE_LIMITS } from '../../local/queue-rules';
import { JOBS_QUEUE } from '../../src/forge/queue';

/**
 * Forge's async-event push limits ("Async events limits", "Async events API"): the emulated publish endpoint
 * refuses what the platform refuses, including the 100 KB per event for a long-running consumer that
 * @forge/events does not check itself.
 */
const body = (bytes: number) => ({ pad: 'x'.repeat(bytes) });

describe('queue push limits (local/queue-rules.ts)', () => {
  it('reads each queue consumer function timeout from manifest.yml (the jobs consumer runs long)', () => {
    const timeouts = consumerTimeouts(fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8'));
    expect(timeouts[JOBS_QUEUE]).toBe(120);
    expect(consumerTimeouts('modules:\n  consumer: [{key: c, queue: q, function: f}]\n  function: [{key: f, handler: index.f}]\n')).toEqual({ q: 55 });
  });

  it('at most 50 events and 200 KB a push, a delay of 0 to 900 s, at least one event', () => {
    const events = (n: number, each = 10) => Array.from({ length: n }, () => ({ body: body(each) }));
    expect(queuePushRefusal({ queueName: 'q', payload: events(50) })).toBeUndefined();
    expect(queuePushRefusal({ queueName: 'q', payload: events(51) })?.body.code).toBe('TOO_MANY_EVENTS');
    expect(queuePushRefusal({ queueName: 'q', payload: [] })?.body.code).toBe('NO_EVENTS_TO_PUSH');
    expect(queuePushRefusal({ queueName: 'q', payload: [{ body: {}, delayInSeconds: 900 }] })).toBeUndefined();
    expect(queuePushRefusal({ queueName: 'q', payload: [{ body: {}, delayInSeconds: 901 }] })?.body.code).toBe('INVALID_PUSH_SETTINGS');
    expect(queuePushRefusal({ queueName: 'q', payload: [{ body: {}, delayInSeconds: -1 }] })?.body.code).toBe('INVALID_PUSH_SETTINGS');
    expect(queuePushRefusal({ queueName: 'q', payload: events(2, 90 * 1024) })).toBeUndefined();
    expect(queuePushRefusal({ queueName: 'q', payload: events(3, 70 * 1024) })).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_BIG' } });
  });

  it('at most 100 KB an event when the consumer function runs longer than 55 s', () => {
    const one = [{ body: body(QUEUE_LIMITS.longRunningEventMaxBytes) }];
    expect(queuePushRefusal({ queueName: 'q', payload: one }, 55)).toBeUndefined();
    expect(queuePushRefusal({ queueName: 'q', payload: one }, 120)).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_BIG' } });
    expect(queuePushRefusal({ queueName: 'q', payload: [{ body: body(90 * 1024) }] }, 120)).toBeUndefined();
  });

  it('the emulated @forge/events path refuses such a push with PayloadTooBigError and delivers nothing', async () => {
    const kvs = new SqliteKvs({ file: ':memory:', entities: [], now: () => Date.now() });
    const delivered: QueuedEvent[] = [];
    const uninstall = installForgeRuntime({ kvs, appId: 'ari:cloud:ecosystem::app/test', baseUrl: () => 'http://localhost', onQueueEvent: (e) => delivered.push(e), queueTimeouts: { [JOBS_QUEUE]: 120 } });
    try {
      const queue = new Queue({ key: JOBS_QUEUE });
      await expect(queue.push({ body: body(101 * 1024) })).rejects.toBeInstanceOf(PayloadTooBigError);
      expect(delivered).toEqual([]);
      await queue.push({ body: { kind: 'small' } });
      expect(delivered.map((e) => e.body)).toEqual([{ kind: 'small' }]);
    } finally {
      uninstall();
      kvs.close();
    }
  });
});
