import { CsvSyntaxError, detectDelimiter, parseCsv, writeCsv } from './csv';

/** The one CSV reader and writer: RFC 4180 records in; a byte-order mark, CRLF and the formula guard out. */

describe('CSV reading', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside, and any line end', () => {
    const { delimiter, records } = parseCsv('a,b,c\r\n"x, y","say ""hi""","line 1\nline 2"\n1,2,3\r4,5,6\n');
    expect(delimiter).toBe(',');
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line 1\nline 2'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('takes the delimiter the header uses most: semicolons (Excel in a Vietnamese locale) and tabs', () => {
    expect(parseCsv('id;name;"a,b"\nx;"y;z";w').records).toEqual([
      ['id', 'name', 'a,b'],
      ['x', 'y;z', 'w'],
    ]);
    expect(parseCsv('id\tname\nx\ty').delimiter).toBe('\t');
    expect(parseCsv('sep=;\r\nid;name,with comma\r\nx;y,z\r\n')).toEqual({ delimiter: ';', records: [['id', 'name,with comma'], ['x', 'y,z']] });
    expect(parseCsv('id\nx').delimiter).toBe(',');
  });

  it('keeps empty fields and a last line without a line end', () => {
    expect(parseCsv('a,,c\n,,\nx').records).toEqual([['a', '', 'c'], ['', '', ''], ['x']]);
  });


  it('refuses a quoted field that never closes, naming the row it opened on', () => {
    expect(() => parseCsv('a,b\n"open,2\n3,4\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nx,y\n"open,2\n3,4\n')).toThrow(expect.objectContaining({ row: 3 }));
  });

  it('counts the delimiters of the first line only, outside quotes', () => {
    expect(detectDelimiter('"a;b;c",d,e\nx;y;z;w')).toBe(',');
    expect(detectDelimiter('a;b\tc;d')).toBe(';');
  });
});

describe('CSV writing', () => {
  const text = (rows: (string | number)[][]) => writeCsv(rows).subarray(3).toString('utf8');

  it('writes UTF-8 with a byte-order mark, comma separated, CRLF line ends', () => {
    const csv = writeCsv([
      ['Mã', 'Họ và tên'],
      ['cc-1', 'Nguyễn Văn Đức'],
    ]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.subarray(3).toString('utf8')).toBe('Mã,Họ và tên\r\ncc-1,Nguyễn Văn Đức\r\n');
    expect(text([[1, 2.5, 0]])).toBe('1,2.5,0\r\n');
    expect(text([['', 'x', '']])).toBe(',x,\r\n');
  });

  it('quotes commas, semicolons, quotes and line breaks', () => {
    expect(text([['a,b', 'c;d', 'say "hi"', 'line 1\nline 2', 'cr\rhere']])).toBe('"a,b","c;d","say ""hi""","line 1\nline 2","cr\rhere"\r\n');
  });

  it('guards every cell a spreadsheet would run as a formula, and quotes it', () => {
    expect(text([['=1+2', '+SUM(A1:A9)', '-2', '@me', '\t=1', '\r=1', 'a=b']])).toBe(`"'=1+2","'+SUM(A1:A9)","'-2","'@me","'\t=1","'\r=1",a=b\r\n`);
    expect(text([[-2]])).toBe(`"'-2"\r\n`);
  });

  it('reads back what it wrote, the guard kept (an import takes it off)', () => {
    const rows = [
      ['id', 'name'],
      ['x', 'Kế toán, "ngân sách"\nxã'],
      ['y', '=HYPERLINK("x")'],
    ];
    expect(parseCsv(writeCsv(rows).toString('utf8')).records).toEqual([rows[0], rows[1], ['y', `'=HYPERLINK("x")`]]);
  });
});
