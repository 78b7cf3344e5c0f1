/** The options of an email-language select: English, German, then the languages an administrator added (admin invite form, agent panel). */
/** `names` holds at least en and de (a catalogue's language names, keyed by code). */
export function LanguageOptions({ names, added }: { names: { en: string; de: string } | Record<string, string>; added: readonly { code: string; name: string }[] }) {
  return (
    <>
      <option value="en">{names.en}</option>
      <option value="de">{names.de}</option>
      {added.map((l) => (
        <option key={l.code} value={l.code}>
          {l.name}
        </option>
      ))}
    </>
  );
}
