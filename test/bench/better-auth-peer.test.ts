import { startBetterAuthPeer, type PeerHandle } from '../../bench/peers/better-auth-peer';

describe('better-auth benchmark peer (SQLite, loopback)', () => {
  let peer: PeerHandle;

  beforeAll(async () => {
    peer = await startBetterAuthPeer({
      users: [
        { email: 'alice@example.com', password: 'alice-old-password-1', name: 'Alice' },
        { email: 'bob@example.com', password: 'bob-old-password-1', name: 'Bob' },
      ],
    });
  });

  afterAll(async () => {
    await peer?.close();
  });

  it('serves on loopback', () => {
    expect(peer.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('runs the forgot-password flow end to end', async () => {
    const known = await peer.requestReset('alice@example.com');
    expect(known.status).toBe(200);
    expect(known.ms).toBeGreaterThan(0);
    const token = peer.lastResetToken('alice@example.com');
    expect(typeof token).toBe('string');
    expect(token!.length).toBeGreaterThan(0);

    const unknown = await peer.requestReset('nobody@example.com');
    expect(unknown.status).toBe(known.status);
    expect(peer.lastResetToken('nobody@example.com')).toBeUndefined();

    const done = await peer.completeReset(token!, 'alice-new-password-2');
    expect(done.status).toBe(200);

    const replay = await peer.completeReset(token!, 'alice-new-password-3');
    expect(replay.status).toBe(400); // INVALID_TOKEN: the token was consumed
  });

  it('rejects a made-up token', async () => {
    const r = await peer.completeReset('not-a-real-token', 'whatever-password-9');
    expect(r.status).toBe(400);
  });
});
