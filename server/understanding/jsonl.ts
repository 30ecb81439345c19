import { readFileSync } from 'node:fs';

/** Lines of a JSONL file, parsed; a bad line is reported with its number and skipped. */
export function readJsonl<T>(file: string, onError: (line: number, message: string) => void): Array<{ line: number; value: T }> {
  const out: Array<{ line: number; value: T }> = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, index) => {
      if (!text.trim()) return;
      try {
        out.push({ line: index + 1, value: JSON.parse(text) as T });
      } catch (error) {
        onError(index + 1, (error as Error).message);
      }
    });
  return out;
}
