import { kvs } from '@forge/kvs';
import type { PasswordStore } from '../ports/directory';
import { passwordSecretKey as key } from './kvs-keys';

/** Password hashes in KVS secret storage, one secret per (customer, reference). */
export class KvsPasswordStore implements PasswordStore {
  get(customerId: string, ref: string) {
    return kvs.getSecret<string>(key(customerId, ref));
  }
  put(customerId: string, ref: string, hash: string) {
    return kvs.setSecret(key(customerId, ref), hash);
  }
  remove(customerId: string, ref: string) {
    return kvs.deleteSecret(key(customerId, ref));
  }
}
