import type { SectionProps } from './types';

/** Placeholder for the section "Branding" (to be built). */
export function Branding({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-branding-title">
      <h2 id="pa-branding-title" className="pa-heading" tabIndex={-1}>
        {t.nav['branding']}
      </h2>
    </section>
  );
}
