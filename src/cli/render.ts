import { isConnectionString } from '../connection/conninfo.js';
import type { Report } from '../report/report.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { shouldUseColor } from '../report/color.js';
import { ciOfReport } from '../report/ci-findings.js';
import { ciPlaces, type Renderings } from './outputs.js';

export type Format = 'text' | 'json' | 'markdown';

/** The report in the format the user asked for; colour only for text on a terminal. */
export function renderReport(report: Report, format: Format): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report, { color: shouldUseColor(process.stdout, process.env) });
  }
}

/**
 * Every form of a `check` / `diff` report. `expected` is the expected side as given: a file
 * there is where SARIF points changes that have no place of their own.
 */
export function reportRenderings(report: Report, command: string, expected: string): Renderings {
  return {
    text: (color) => renderText(report, { color }),
    json: () => renderJson(report),
    markdown: () => renderMarkdown(report),
    ci: () => ciOfReport(report, { command, expectedFile: isConnectionString(expected) ? null : expected, places: ciPlaces(), summary: renderMarkdown(report) }),
  };
}
