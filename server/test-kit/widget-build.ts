import { buildWidget } from '../../scripts/build-widget.mjs';

let built: Promise<{ file: string; bytes: number }> | undefined;

/** Builds the widget bundle the server serves at /widget.js, once per test process (tests never use a stale one). */
export function ensureWidgetBuilt(): Promise<{ file: string; bytes: number }> {
  built ??= buildWidget();
  return built;
}
