/** What UI Kit's FilePicker hands the app for each file. */
export interface PickedFile {
  data: string;
  name: string;
  size: number;
  type: string;
}

export function readPickedFile(file: File): Promise<PickedFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}.`));
    reader.onload = () => {
      const dataUrl = String(reader.result);
      resolve({ data: dataUrl.slice(dataUrl.indexOf(',') + 1), name: file.name, size: file.size, type: file.type });
    };
    reader.readAsDataURL(file);
  });
}
