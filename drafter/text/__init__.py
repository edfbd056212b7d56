"""Chinese text: the one set of parsers and formatters every part of drafter uses.

The importer, the checks, the renderer, rollover and review all read numbering, numerals,
dates and quantities here, so they agree on what a heading, a date or a figure is
(`tests/test_text_agreement.py` holds them to one table of cases). Modules:

- `chars`: which characters are Chinese, the spaces between them, terminal width;
- `numerals`: Chinese numerals (一百零一, 两, 〇/○, 二〇二五);
- `numbering`: GB/T 9704 heading numbers (一、 （一） 1. （1）) and 一是 ordinals, written and recognised;
- `punctuation`: full-width punctuation in Chinese context, ASCII digits, no stray spaces;
- `numbers`: counts, Decimal rounding (the one table of rounding names), 万元, 同比 phrases;
- `dates`: Chinese dates and years, written and found;
- `mentions`: quantities in running text with their units.

Everything here is a pure function of its arguments (stdlib only). The names below are the
package's interface; import them from `drafter.text`.
"""

from drafter.text.chars import closest, display_width, is_cjk, line_column, pad
from drafter.text.dates import (MAX_YEAR, MIN_YEAR, YEAR_RE, DateMention, find_dates, find_year_typos, find_years,
                                format_cn_date, parse_cn_date)
from drafter.text.mentions import MEASURE_WORDS, NumberMention, find_numbers
from drafter.text.numbering import (HeadingNumber, Ordinal, find_ordinals, heading_number, inline_ordinal,
                                    leading_ordinal, parse_heading, parse_heading_number)
from drafter.text.numbers import (MAX_PLACES, ROUNDING_NAMES, ROUNDINGS, NumberFormat, format_count, format_decimal,
                                  format_wan, yoy_phrase)
from drafter.text.numerals import cn_digits, cn_numeral, parse_cn_numeral
from drafter.text.punctuation import (SENTENCE_MARKS, Normalisation, fullwidth_digits_to_ascii, normalisation,
                                      normalize_text, strip_cjk_spaces, to_fullwidth_punct)

__all__ = [
    "MAX_PLACES", "MAX_YEAR", "SENTENCE_MARKS", "closest", "MEASURE_WORDS", "MIN_YEAR", "ROUNDINGS", "ROUNDING_NAMES",
    "YEAR_RE", "DateMention", "HeadingNumber", "Normalisation", "NumberFormat", "NumberMention", "Ordinal", "cn_digits",
    "cn_numeral", "display_width", "find_dates", "find_numbers", "find_ordinals", "find_year_typos", "find_years",
    "format_cn_date", "format_count",
    "format_decimal", "format_wan", "fullwidth_digits_to_ascii", "heading_number", "inline_ordinal", "is_cjk",
    "leading_ordinal", "line_column", "normalisation", "normalize_text", "pad", "parse_cn_date", "parse_cn_numeral",
    "parse_heading",
    "parse_heading_number", "strip_cjk_spaces", "to_fullwidth_punct", "yoy_phrase",
]
