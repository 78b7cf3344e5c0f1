import fs from 'node:fs';
import path from 'node:path';
import { apiKeyHash, bearerKey, keyHint, newApiKey, signPayload, verifySignature } from '../../src/domain/provisioning/api-key';
import { problem, PROBLEMS, type ProblemCode } from '../../src/domain/provisioning/problems';

/** The provisioning API's pure parts (issue 12): key format, signatures, problem details, the OpenAPI document. */
const NOW = 1_800_000_000;
const SECRET = 'pa_sig_test-secret';

describe('API keys', () => {
  it('are 192-bit random with a recognisable prefix, parsed only from a well-formed Bearer header', () => {
    const key = newApiKey(() => Buffer.alloc(24, 7));
    expect(key).toMatch(/^pa_live_[A-Za-z0-9_-]{32}$/);
    expect(bearerKey(`Bearer ${key}`)).toBe(key);
    expect(bearerKey(`bearer ${key}`)).toBe(key);
    for (const header of [undefined, '', key, `Basic ${key}`, `Bearer ${key}x`, `Bearer ${key} extra`, 'Bearer pa_live_short', `Bearer pa_test_${key.slice(8)}`]) {
      expect(bearerKey(header)).toBeUndefined();
    }
    expect(apiKeyHash(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(apiKeyHash(key)).not.toContain(key.slice(8));
    expect(keyHint(key)).toBe(`${key.slice(0, 12)}…`);
  });
});

describe('request signatures', () => {
  const body = '{"email":"a@example.org"}';
  const sig = (ts: number, b = body, secret = SECRET) => ({ timestamp: String(ts), signature: signPayload(secret, String(ts), b) });

  it('are HMAC-SHA256 over "<timestamp>.<body>", hex, as v1=', () => {
    // Independent vector: printf '1800000000.{"email":"a@example.org"}' | openssl dgst -sha256 -hmac pa_sig_test-secret
    expect(signPayload(SECRET, '1800000000', body)).toBe('v1=0620ac915d8fe3c105033a4f1519a4b7b1f9e5ce4a6945afaabe5a3567c17a36');
    expect(verifySignature(SECRET, sig(NOW), body, NOW)).toBe('valid');
  });

  it('accept 5 minutes of clock difference either way, no more', () => {
    expect(verifySignature(SECRET, sig(NOW - 300), body, NOW)).toBe('valid');
    expect(verifySignature(SECRET, sig(NOW + 300), body, NOW)).toBe('valid');
    expect(verifySignature(SECRET, sig(NOW - 301), body, NOW)).toBe('stale');
    expect(verifySignature(SECRET, sig(NOW + 301), body, NOW)).toBe('stale');
  });

  it('refuse another body, another secret, a moved timestamp, and half a signature', () => {
    expect(verifySignature(SECRET, sig(NOW), '{"email":"b@example.org"}', NOW)).toBe('forged');
    expect(verifySignature(SECRET, sig(NOW, body, 'other'), body, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { ...sig(NOW), timestamp: String(NOW + 1) }, body, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { timestamp: String(NOW) }, body, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { timestamp: 'soon', signature: 'v1=00' }, body, NOW)).toBe('forged');
    expect(verifySignature(SECRET, {}, body, NOW)).toBe('missing');
  });
});

describe('problem details', () => {
  it('are RFC 9457 objects with a stable code; never a 500', () => {
    expect(problem('email-taken', { field: 'email' })).toEqual({ type: 'urn:portal-access:problem:email-taken', title: PROBLEMS['email-taken'].title, status: 409, code: 'email-taken', field: 'email' });
    const statuses = Object.values(PROBLEMS).map((p) => p.status);
    expect(statuses).not.toContain(500);
    expect(new Set(statuses)).toEqual(new Set([400, 401, 403, 404, 405, 409, 413, 415, 422, 429, 503]));
  });

  it('the OpenAPI document lists exactly these codes and the routes the API serves', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/provisioning.openapi.json'), 'utf8'));
    expect(doc.openapi).toBe('3.1.0');
    expect([...doc.components.schemas.Problem.properties.code.enum].sort()).toEqual((Object.keys(PROBLEMS) as ProblemCode[]).sort());
    expect(Object.keys(doc.paths).sort()).toEqual(['/customers', '/customers/{externalId}', '/customers/{externalId}/activation', '/openapi.json']);
    expect(Object.keys(doc.paths['/customers/{externalId}']).filter((k) => k !== 'parameters').sort()).toEqual(['get', 'patch', 'put']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(ref.split('/').reduce((node, part) => node?.[part], doc)).toBeDefined();
    expect(doc.info.description).toContain('X-Portal-Access-Signature');
    expect(doc.info.description).toContain('X-Portal-Access-Timestamp');
  });
});
