import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinStylesheet, splitStylesheet } from '../../../../../electron/core/printing/issuing/stylesheet-split';

describe('a notice stored without its stylesheet', () => {
  it('takes the head stylesheet out and puts it back exactly', () => {
    const html = '<!doctype html><html><head><title>受理通知书</title><style>@page{size:A4}p{margin:0}</style></head><body><p>张三</p></body></html>';
    const split = splitStylesheet(html);
    expect(split).toEqual({ rest: '<!doctype html><html><head><title>受理通知书</title><style></style></head><body><p>张三</p></body></html>', css: '@page{size:A4}p{margin:0}' });
    expect(joinStylesheet(split?.rest ?? '', split?.css ?? '')).toBe(html);
  });

  it('leaves alone a document with no stylesheet, an empty one, or one only in the body', () => {
    expect(splitStylesheet('<html><body>x</body></html>')).toBeNull();
    expect(splitStylesheet('<html><head><style></style></head></html>')).toBeNull();
    expect(splitStylesheet('<html><body><style>p{}</style></body></html>')).toBeNull();
    expect(splitStylesheet('<html><head><style>p{}')).toBeNull();
  });

  it('gives back any document exactly, whatever a person typed into its body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }).filter((css) => !css.includes('</style>')), fc.string(), (title, css, body) => {
        const html = `<html><head><title>${title.replaceAll('<', '&lt;')}</title><style>${css}</style></head><body>${body.replaceAll('<', '&lt;')}</body></html>`;
        const split = splitStylesheet(html);
        expect(split?.css).toBe(css);
        expect(joinStylesheet(split?.rest ?? '', split?.css ?? '')).toBe(html);
      }),
    );
  });

  it('refuses to join into a row that has no place for the stylesheet', () => {
    expect(() => joinStylesheet('<html></html>', 'p{}')).toThrow(/no place/);
  });
});
