/**
 * A table's header row: one `<th scope="col">` per label, in order (admin page and profile panel tables).
 * `classNames` gives a column its class by index (e.g. `{ 0: 'pa-nowrap' }`).
 */
export function ColumnHeads({ labels, classNames = {} }: { labels: React.ReactNode[]; classNames?: Partial<Record<number, string>> }) {
  return (
    <thead>
      <tr>
        {labels.map((label, i) => (
          <th key={i} scope="col" className={classNames[i]}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
