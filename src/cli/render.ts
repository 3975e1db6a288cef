import type { Report } from '../report/report.js';
import { renderText } from '../report/text.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';
import { shouldUseColor } from '../report/color.js';

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
