import type { SectionProps } from './types';

/** Placeholder for the section "Customers" (to be built). */
export function Customers({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-customers-title">
      <h2 id="pa-customers-title" className="pa-heading" tabIndex={-1}>
        {t.nav['customers']}
      </h2>
    </section>
  );
}
