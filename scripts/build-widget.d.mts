export const widgetOutFile: string;
export function buildWidget(outFile?: string): Promise<{ file: string; bytes: number }>;
