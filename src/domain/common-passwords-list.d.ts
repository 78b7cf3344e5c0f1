/** zxcvbn-ts's common-password list, imported alone: by test/unit/domain.test.ts and scripts/build-shipped-lists.mjs (the app ships the compact copy in common-passwords-data.ts). */
declare module '@zxcvbn-ts/language-common/dist/passwords.json.cjs' {
  const passwords: string[];
  export default passwords;
}
