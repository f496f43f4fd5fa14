/**
 * Where things are in a JSON text, by line, so a problem the server reports by path (`windows.0.days`) or a
 * syntax error can be shown next to the line the admin edits.
 */

/** Line (1-based) of every value in `text`, keyed by its dotted path ('' for the root). Empty on bad JSON. */
export function valueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === '\n') line += 1;
      i += 1;
    }
  };
  const readString = () => {
    const start = i;
    for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    i += 1;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
  const value = (path: string, depth: number): void => {
    if (depth > 200) throw new Error('too deep');
    skip();
    lines.set(path, line);
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i += 1;
      for (let index = 0; ; index += 1) {
        skip();
        if (text[i] === close) break;
        if (c === '{') {
          const key = readString();
          skip();
          i += 1; // ':'
          value(join(path, key), depth + 1);
        } else value(join(path, index), depth + 1);
        skip();
        if (text[i] === ',') i += 1;
        else if (text[i] !== close) throw new Error('expected , or close');
      }
      i += 1;
    } else if (c === '"') readString();
    else while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i += 1;
  };
  try {
    JSON.parse(text);
    value('', 0);
  } catch {
    return new Map();
  }
  return lines;
}

/** The line of `path`, else of its nearest ancestor present in the text (a missing key points at its object). */
export function lineOfPath(lines: Map<string, number>, path: string): number | undefined {
  const parts = path === '' ? [] : path.split('.');
  for (let n = parts.length; n >= 0; n -= 1) {
    const line = lines.get(parts.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}

/** The line of a JSON.parse error, from V8's "(line 3 column 5)" or "at position 42", when it says. */
export function syntaxErrorLine(text: string, error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const byLine = /line (\d+)/.exec(message);
  if (byLine) return Number(byLine[1]);
  const byPosition = /position (\d+)/.exec(message);
  if (byPosition) return text.slice(0, Number(byPosition[1])).split('\n').length;
  return undefined;
}
