/**
 * Markdown (the rule documentation `explain` prints) rendered for a terminal: headings, paragraphs, lists,
 * fenced code, tables, **bold**, `code` and [links](url). ANSI styles only when `color`; without them the
 * structure stays visible in plain text (underlined headings, bullets, indented code, backticks kept).
 * Paragraphs are reflowed to `width` when given (a terminal), else keep their source line breaks.
 * Covers the subset our docs use; anything else passes through as written.
 */
export interface TerminalMarkdownOptions {
  color: boolean;
  /** The terminal's width; absent (piped): no reflow. */
  width?: number;
}

const STYLE = { bold: '1', dim: '2', underline: '4', cyan: '36' } as const;

export function renderMarkdownForTerminal(markdown: string, options: TerminalMarkdownOptions): string {
  const paint = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const width = options.width && options.width >= 40 ? Math.min(options.width, 120) : undefined;

  /** Inline markup: `code`, **bold**, [text](url). */
  const inline = (text: string): string =>
    text
      .replace(/\[([^\][]+)\]\(([^)\s]+)\)/g, (_m, label: string, url: string) => `${label} (${url})`)
      .replace(/`([^`]+)`/g, (_m, code: string) => (options.color ? paint(STYLE.cyan, code) : `\`${code}\``))
      .replace(/\*\*([^*]+)\*\*/g, (_m, bold: string) => paint(STYLE.bold, bold));

  /** Visible length (without ANSI codes). */
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the ANSI styles we added.
  const visible = (s: string) => s.replace(/\u001b\[[\d;]+m/g, '').length;

  const reflow = (text: string, first: string, rest: string): string[] => {
    if (!width) {
      return text.split('\n').map((line, i) => (i === 0 ? first : rest) + inline(line.trim()));
    }
    const lines: string[] = [];
    let indent = first;
    let line = '';
    for (const word of inline(text.replace(/\s+/g, ' ').trim()).split(' ')) {
      if (line && visible(indent) + visible(line) + 1 + visible(word) > width) {
        lines.push(indent + line);
        indent = rest;
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    lines.push(indent + line);
    return lines;
  };

  const cells = (row: string) =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replaceAll('\\|', '|'));

  const renderTable = (rows: string[]): string[] => {
    const [head = '', , ...body] = rows;
    const header = cells(head);
    const data = body.map(cells);
    const plain = (s: string) => visible(inline(s));
    const widths = header.map((h, i) => Math.max(plain(h), ...data.map((r) => plain(r[i] ?? ''))));
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) + 2;
    if (total <= (width ?? 100)) {
      const line = (row: string[], style?: string) =>
        `  ${row
          .map((c, i) => {
            const text = inline(c);
            const padded = text + ' '.repeat(Math.max(0, (widths[i] ?? 0) - visible(text)));
            return style ? paint(style, padded) : padded;
          })
          .join('  ')
          .trimEnd()}`;
      return [line(header, STYLE.bold), ...data.map((r) => line(r))];
    }
    // Too wide for columns: one block per row, "Header: value" lines.
    const out: string[] = [];
    data.forEach((row, n) => {
      if (n > 0) out.push('');
      header.forEach((h, i) => {
        const value = row[i] ?? '';
        if (value) out.push(...reflow(`${paint(STYLE.bold, `${h}:`)} ${value}`, '  ', '    '));
      });
    });
    return out;
  };

  const out: string[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  let i = 0;
  const blank = () => {
    if (out.length > 0 && out.at(-1) !== '') out.push('');
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const fence = /^(\s*)(```|~~~)/.exec(line);
    const item = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      i++;
      continue;
    }
    if (heading) {
      const level = heading[1]?.length ?? 1;
      const title = inline(heading[2] ?? '');
      blank();
      if (options.color) {
        out.push(paint(level <= 2 ? `${STYLE.bold};${STYLE.underline}` : STYLE.bold, title));
      } else {
        out.push(title);
        if (level <= 2) out.push((level === 1 ? '=' : '-').repeat(visible(title)));
      }
      out.push('');
      i++;
    } else if (fence) {
      const marker = fence[2] ?? '```';
      i++;
      blank();
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) {
        out.push(paint(STYLE.dim, `    ${lines[i] ?? ''}`.trimEnd()));
        i++;
      }
      i++;
      out.push('');
    } else if (/^\s*\|/.test(line) && /^\s*\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i] ?? '')) rows.push(lines[i++] ?? '');
      blank();
      out.push(...renderTable(rows), '');
    } else if (item) {
      const indent = item[1] ?? '';
      const bullet = /\d/.test(item[2] ?? '') ? (item[2] ?? '') : '•';
      let text = item[3] ?? '';
      i++;
      // Continuation lines: indented deeper than the marker, not a new item or block.
      while (i < lines.length) {
        const next = lines[i] ?? '';
        if (next.trim() === '' || /^(\s*)([-*+]|\d+[.)])\s+/.test(next) || /^\s*(```|~~~|#|\|)/.test(next))
          break;
        if (!/^\s+/.test(next)) break;
        text += `\n${next.trim()}`;
        i++;
      }
      const first = `  ${indent}${bullet} `;
      out.push(...reflow(text, first, ' '.repeat(first.length)));
      if ((lines[i] ?? '').trim() === '') out.push('');
    } else {
      let text = line;
      i++;
      while (i < lines.length) {
        const next = lines[i] ?? '';
        if (next.trim() === '' || /^(#{1,6}\s|\s*(```|~~~|\|)|\s*([-*+]|\d+[.)])\s+)/.test(next)) break;
        text += `\n${next}`;
        i++;
      }
      out.push(...reflow(text, '', ''), '');
    }
  }
  while (out.at(-1) === '') out.pop();
  return `${out.join('\n')}\n`;
}
