/**
 * The KVS contract files' manifest (kvs-emulator*.test.ts through test/support/kvs-emulator.ts, kvs-batch.test.ts): the app's customer and
 * audit entities as manifest.yml declared them when these tests were written, with the indexes the tests query.
 */
export const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  storage:
    entities:
      - name: customer
        attributes:
          emailKey: { type: string }
          usernameKey: { type: string }
          accountId: { type: string }
          status: { type: string }
          linkHash: { type: string }
          rev: { type: integer }
          updatedAt: { type: integer }
        indexes:
          - name: by-email
            range: [emailKey]
          - name: by-username
            range: [usernameKey]
          - name: by-account
            range: [accountId]
          - name: by-status
            partition: [status]
            range: [updatedAt]
      - name: audit
        attributes:
          customerId: { type: string }
          at: { type: integer }
          kind: { type: string }
        indexes:
          - name: by-customer
            partition: [customerId]
            range: [at]
`;
