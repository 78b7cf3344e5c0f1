import { kvs } from '@forge/kvs';
import type { FactorSecrets, ProfileEnrolment } from '../ports/sign-in';
import { enrolSecretKey, profileEnrolmentKey, recoverySecretKey, smsSecretKey, totpSecretKey } from './kvs-keys';

/**
 * Second-factor secrets in KVS secret storage, never in a plain value or an answer: a customer's TOTP key
 * (`tf-totp-<customerId>-<ref>`), their recovery codes' hashes (`tf-rc-<customerId>-<ref>`), and a TOTP key
 * being enrolled during a sign-in (`tf-enrol-<reference hash>`, until it is confirmed or the sign-in ends).
 * An enrolment started in the profile panel names its attempt in a plain value keyed by the customer
 * (`tf-pe-<customerId>`, one hour), so the page never carries an attempt id.
 */
const ENROLMENT_TTL = { value: 3600, unit: 'SECONDS' } as const;

export class KvsFactorSecrets implements FactorSecrets {
  getTotp(customerId: string, ref: string) {
    return kvs.getSecret<string>(totpSecretKey(customerId, ref));
  }
  putTotp(customerId: string, ref: string, secret: string) {
    return kvs.setSecret(totpSecretKey(customerId, ref), secret);
  }
  getRecovery(customerId: string, ref: string) {
    return kvs.getSecret<string[]>(recoverySecretKey(customerId, ref));
  }
  putRecovery(customerId: string, ref: string, hashes: string[]) {
    return kvs.setSecret(recoverySecretKey(customerId, ref), hashes);
  }
  getEnrolment(attempt: string) {
    return kvs.getSecret<string>(enrolSecretKey(attempt));
  }
  putEnrolment(attempt: string, secret: string) {
    return kvs.setSecret(enrolSecretKey(attempt), secret, { ttl: ENROLMENT_TTL });
  }
  getSms(customerId: string, ref: string) {
    return kvs.getSecret<string>(smsSecretKey(customerId, ref));
  }
  putSms(customerId: string, ref: string, e164: string) {
    return kvs.setSecret(smsSecretKey(customerId, ref), e164);
  }
  async remove(customerId: string, refs: { totp?: string; recovery?: string; sms?: string }) {
    if (refs.sms) await kvs.deleteSecret(smsSecretKey(customerId, refs.sms));
    if (refs.totp) await kvs.deleteSecret(totpSecretKey(customerId, refs.totp));
    if (refs.recovery) await kvs.deleteSecret(recoverySecretKey(customerId, refs.recovery));
  }
  async removeEnrolment(attempt: string) {
    await kvs.deleteSecret(enrolSecretKey(attempt));
  }
  getProfileEnrolment(customerId: string) {
    return kvs.get<ProfileEnrolment>(profileEnrolmentKey(customerId));
  }
  async putProfileEnrolment(customerId: string, enrolment: ProfileEnrolment) {
    await kvs.set(profileEnrolmentKey(customerId), enrolment, { ttl: ENROLMENT_TTL });
  }
  async removeProfileEnrolment(customerId: string) {
    await kvs.delete(profileEnrolmentKey(customerId));
  }
}
