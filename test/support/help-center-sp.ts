/**
 * The local help center's SAML service provider over plain HTTP (test/integration/saml-sp and saml-sp-app-idp):
 * posting a form, reading the session cookie, following the ACS's hand-over to the help center.
 */
export const JANE_ACCOUNT = '5b10ac8d82e05b22cc7d4ef1';

export async function form(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
}
export const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0];
/** The ACS's answer (on its own origin) → the help center's ticket redemption: where it sends the browser, with the session cookie. */
export const handOver = async (landed: Response, cookie?: string) => {
  expect(landed.status).toBe(303);
  expect(landed.headers.get('set-cookie')).toBeNull();
  return fetch(landed.headers.get('location')!, { redirect: 'manual', ...(cookie ? { headers: { cookie } } : {}) });
};
