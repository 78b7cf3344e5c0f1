import type { SectionProps } from './types';

/** Placeholder for the section "Customer pages" (to be built). */
export function CustomerPages({ t }: SectionProps) {
  return (
    <section className="pa-section" aria-labelledby="pa-customer-pages-title">
      <h2 id="pa-customer-pages-title" className="pa-heading" tabIndex={-1}>
        {t.nav['customer-pages']}
      </h2>
    </section>
  );
}
