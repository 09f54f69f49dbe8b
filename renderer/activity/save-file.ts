// Hands a generated file to the browser's download machinery.
export function saveFile(name: string, type: string, content: string, doc: Document = document): Blob {
  const blob = new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob;
}
