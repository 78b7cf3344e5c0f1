/** zxcvbn-ts's common-password list, imported alone (see common-passwords.ts). */
declare module '@zxcvbn-ts/language-common/dist/passwords.json.cjs' {
  const passwords: string[];
  export default passwords;
}
