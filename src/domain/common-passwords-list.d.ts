/** zxcvbn-ts's common-password list, imported alone by scripts/build-shipped-lists.mjs and a test (the app ships
 * the compact copy in common-passwords-data.ts). */
declare module '@zxcvbn-ts/language-common/dist/passwords.json.cjs' {
  const passwords: string[];
  export default passwords;
}
