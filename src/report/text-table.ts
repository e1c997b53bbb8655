// Plain-text and Markdown tables from rows of cells, for the compare and trend commands.

export interface TableColumn {
  header: string;
  /** Right-align (numbers). */
  numeric?: boolean;
}

/** Columns separated by two spaces, padded to the widest cell; trailing spaces trimmed. */
export function formatTextTable(columns: readonly TableColumn[], rows: readonly string[][]): string {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns.map((column, i) => (column.numeric === true ? (cells[i] ?? '').padStart(widths[i]) : (cells[i] ?? '').padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join('\n');
}

export function formatMarkdownTable(columns: readonly TableColumn[], rows: readonly string[][]): string {
  const escape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  return [
    `| ${columns.map((column) => escape(column.header)).join(' | ')} |`,
    `|${columns.map((column) => (column.numeric === true ? '--:' : ':--')).join('|')}|`,
    ...rows.map((row) => `| ${columns.map((_, i) => escape(row[i] ?? '')).join(' | ')} |`),
  ].join('\n');
}
