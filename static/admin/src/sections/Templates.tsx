import type { SectionProps } from './types';

/** Placeholder for the section "Email templates" (to be built). */
export function Templates({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-templates-title">
      <h2 id="pa-templates-title" className="pa-heading" tabIndex={-1}>
        {t.nav['templates']}
      </h2>
    </section>
  );
}
