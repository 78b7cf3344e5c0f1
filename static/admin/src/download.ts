/** Offers text parts as one UTF-8 CSV download (with a byte-order mark, so spreadsheet apps read umlauts). */
export function downloadCsv(name: string, parts: string[]): void {
  offer(name, new Blob(['\uFEFF', ...parts], { type: 'text/csv;charset=utf-8' }));
}

/** Offers a value as a pretty-printed JSON download (Diagnostics results for support, a customer's data). */
export function downloadJson(name: string, value: unknown): void {
  offer(name, new Blob([JSON.stringify(value, null, 2)], { type: 'application/json;charset=utf-8' }));
}

function offer(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
