import { fileText } from '../../src/frontend/fileText';

describe('fileText (issue 22, finding 7)', () => {
  it('keeps plain text made of base64 letters as it is', () => {
    for (const text of [
      'Name\nAcme\nBeta\nGama',
      'OrganizationName\nAcme',
      'Name\r\nAcmeCorp\r\nGlobexCo\r\n',
      'abcd',
    ]) {
      expect(fileText(text)).toBe(text);
    }
  });

  it('still decodes bare base64, on one line or in MIME lines of one length', () => {
    const csv = `Organization Name,Region\n${Array.from({ length: 20 }, (_, i) => `Zürich ${i},EMEA`).join('\n')}`;
    const base64 = Buffer.from(csv).toString('base64');
    expect(fileText(base64)).toBe(csv);
    expect(fileText(base64.replace(/(.{76})/g, '$1\n'))).toBe(csv);
    expect(fileText(base64.replace(/(.{76})/g, '$1\r\n'))).toBe(csv);
  });

  it('keeps text whose base64 reading would not be UTF-8 text', () => {
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]).toString('base64');
    expect(fileText(binary)).toBe(binary);
  });
});
