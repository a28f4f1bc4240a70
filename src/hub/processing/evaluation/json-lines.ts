/** The non-blank lines of a JSONL evaluation file, parsed, with their 1-based numbers; `fail` makes the file's own error. */
export function* jsonLines(content: string, fail: (message: string) => Error): Generator<{ readonly line: number; readonly value: unknown }> {
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const source = lines[i]?.trim() ?? '';
    if (source === '') continue;
    try {
      yield { line: i + 1, value: JSON.parse(source) as unknown };
    } catch (error) {
      if (error instanceof SyntaxError) throw fail(`line ${i + 1}: not JSON`);
      throw error;
    }
  }
}
