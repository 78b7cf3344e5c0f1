import fs from 'node:fs';
import path from 'node:path';
import { apiKeyHash, bearerKey, canonicalPath, canonicalQuery, keyHint, newApiKey, replayRetentionSec, signatureDigest, signingString, signRequest, verifySignature } from '../../src/domain/provisioning/api-key';
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
  const put = { method: 'PUT', path: 'customers/ERP-1', body };
  const sig = (ts: number, request = put, secret = SECRET) => ({ timestamp: String(ts), signature: signRequest(secret, String(ts), request) });

  it('are HMAC-SHA256 over "v2\\n<timestamp>\\n<METHOD>\\n<path>\\n<canonical query>\\n<body>", hex, as v2=', () => {
    // Independent vectors: printf 'v2\n1800000000\nPUT\n/customers/ERP-1\n\n{"email":"a@example.org"}' | openssl dgst -sha256 -hmac pa_sig_test-secret
    expect(signingString('1800000000', put)).toBe('v2\n1800000000\nPUT\n/customers/ERP-1\n\n{"email":"a@example.org"}');
    expect(signRequest(SECRET, '1800000000', put)).toBe('v2=8864c2b21842d231c1da9b0dc9a1bbe8c4bb6ed4e91f9e5ee21b60e872cfad4f');
    // printf 'v2\n1800000000\nGET\n/customers\nemail=a%%40example.org\n' | openssl dgst -sha256 -hmac pa_sig_test-secret
    expect(signRequest(SECRET, '1800000000', { method: 'get', path: '/customers/', query: { email: ['a@example.org'] }, body: '' })).toBe('v2=c4749b76f2252758ee92a93d203dd31a04f7239af1fc97dd0d4ce1eb7be2d020');
    expect(verifySignature(SECRET, sig(NOW), put, NOW)).toBe('valid');
  });

  it('canonical path and query: segments encoded alike however they were sent; pairs sorted by name, then value', () => {
    expect(canonicalPath('customers/ERP%2D1/activation')).toBe('/customers/ERP-1/activation');
    expect(canonicalPath('/customers/a%20b')).toBe(canonicalPath('customers/a b'));
    expect(canonicalQuery({ email: ['b@x.org', 'a@x.org'], a: ['1'], none: undefined })).toBe('a=1&email=a%40x.org&email=b%40x.org');
    expect(canonicalQuery(undefined)).toBe('');
  });

  it('accept 5 minutes of clock difference either way, no more', () => {
    expect(verifySignature(SECRET, sig(NOW - 300), put, NOW)).toBe('valid');
    expect(verifySignature(SECRET, sig(NOW + 300), put, NOW)).toBe('valid');
    expect(verifySignature(SECRET, sig(NOW - 301), put, NOW)).toBe('stale');
    expect(verifySignature(SECRET, sig(NOW + 301), put, NOW)).toBe('stale');
  });

  it('refuse another body, method, path or query, another secret, a moved timestamp, half a signature, and v1', () => {
    expect(verifySignature(SECRET, sig(NOW), { ...put, body: '{"email":"b@example.org"}' }, NOW)).toBe('forged');
    expect(verifySignature(SECRET, sig(NOW), { ...put, method: 'PATCH' }, NOW)).toBe('forged');
    expect(verifySignature(SECRET, sig(NOW), { ...put, path: 'customers/ERP-2' }, NOW)).toBe('forged');
    expect(verifySignature(SECRET, sig(NOW), { ...put, query: { email: ['a@example.org'] } }, NOW)).toBe('forged');
    expect(verifySignature(SECRET, sig(NOW, put, 'other'), put, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { ...sig(NOW), timestamp: String(NOW + 1) }, put, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { timestamp: String(NOW) }, put, NOW)).toBe('forged');
    expect(verifySignature(SECRET, { timestamp: 'soon', signature: 'v1=00' }, put, NOW)).toBe('forged');
    // The first version's signing string ("<timestamp>.<body>") no longer counts.
    expect(verifySignature(SECRET, { timestamp: '1800000000', signature: 'v1=0620ac915d8fe3c105033a4f1519a4b7b1f9e5ce4a6945afaabe5a3567c17a36' }, put, NOW)).toBe('forged');
    expect(verifySignature(SECRET, {}, put, NOW)).toBe('missing');
  });

  it('are remembered (for the replay guard) until their timestamp is stale, and only well-formed ones', () => {
    expect(replayRetentionSec(String(NOW + 300), NOW)).toBe(660);
    expect(replayRetentionSec(String(NOW - 300), NOW)).toBe(60);
    expect(signatureDigest(sig(NOW).signature)).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureDigest('v1=00')).toBeUndefined();
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
    expect(Object.keys(doc.paths['/customers/{externalId}']).filter((k) => k !== 'parameters').sort()).toEqual(['delete', 'get', 'patch', 'put']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect(ref.split('/').reduce((node, part) => node?.[part], doc)).toBeDefined();
    expect(doc.info.description).toContain('X-Portal-Access-Signature');
    expect(doc.info.description).toContain('X-Portal-Access-Timestamp');
  });
});
