import fc from 'fast-check';

/** Strings rich in what terminals and renderers act on: escapes, OSC/CSI, C1, bidi, zero-width, tags. */
export const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc
    .array(
      fc.constantFrom(
        '\u001b]0;pwned\u0007',
        '\u001bc',
        '\u001b[2J',
        '\u009b31m',
        '\u202e',
        '\u2066',
        '\u2069',
        '\u200b',
        '\u200d',
        '\ufeff',
        '\u{e0041}',
        '\u2028',
        '\r',
        '\n',
        '\t',
        '\u0000',
        '\u007f',
        '\ud800',
        'a',
        '=',
        ' ',
        '＝',
        'bucket',
        '\\',
        "'",
        '"',
        '|',
        '<',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);
