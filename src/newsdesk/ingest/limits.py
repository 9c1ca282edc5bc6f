"""Every bound the readers put on hostile input, in one place.

Scraped input is hostile: a file, a line, a header or a number can be made as large, as
deep or as slow to parse as an attacker likes. Each reader checks these limits BEFORE it
reads or parses what they bound, and a page over a limit becomes one error line naming
the limit, never a crash, an empty article or a process that grows without end. The
defaults suit news pages (the largest real article pages are a few megabytes of HTML);
change them here (``docs/robustness.md`` lists them with their reasons).
"""

from __future__ import annotations

MB = 1024 * 1024

#: Largest file read whole (``.txt``, ``.html``), and largest decompressed ``.gz`` member.
MAX_FILE_BYTES = 20 * MB
#: Largest single page, in decoded characters (text, HTML or a JSONL record's content);
#: larger pages are refused with a message, not truncated into a different page.
MAX_PAGE_CHARS = 5_000_000
#: Largest page body fetched over HTTP or held in a WARC record, in bytes.
MAX_PAGE_BYTES = 5_000_000
#: Longest JSONL line, in characters: one page plus its JSON escaping and metadata.
MAX_JSONL_LINE_CHARS = 8_000_000
#: Most bytes a ``.jsonl.gz`` may inflate to, as a multiple of its compressed size (JSON
#: compresses 5 to 15 times; a gzip bomb up to 1,000), and never less than 64 MB.
MAX_GZIP_RATIO = 100
MIN_GZIP_BUDGET = 64 * MB
#: Deepest nesting of arrays and objects accepted in a JSONL line (a page record is flat).
MAX_JSON_DEPTH = 32
#: Most digits of an integer in a JSONL line (ids are short; Python refuses 4,300+ anyway).
MAX_JSON_INT_DIGITS = 40
#: Longest page id or metadata field (url, title, published, outlet) kept from a record.
MAX_FIELD_CHARS = 4096
#: Largest WARC record header block, and largest HTTP header block inside a record, in bytes
#: (checked on the raw, decompressed bytes before warcio parses a line of it).
MAX_WARC_HEADER_BYTES = 64 * 1024
#: Largest WARC record (its Content-Length) looked into; larger records are skipped unread.
MAX_WARC_RECORD_BYTES = 64 * MB
#: Deepest folder nesting walked below an input folder.
MAX_FOLDER_DEPTH = 64
#: Most elements of an HTML page given to trafilatura (real article pages hold 500 to 5,000;
#: its two passes take time in proportion, docs/measurements.md). A larger page is read quickly instead: its
#: paragraphs for the body, its head for the title, date and byline.
MAX_HTML_ELEMENTS = 20_000
#: CPU seconds the analysis of one page may take (a news article takes well under one; a
#: hostile page of thousands of "officials said" lines took minutes), and the CPU seconds
#: a batch gets per page before its pages are run one at a time, each with that bound.
PAGE_CPU_SECONDS = 30.0
BATCH_CPU_SECONDS_PER_PAGE = 2.0
#: Longest run of HTML tags with nothing between them kept as it is; a longer run (thousands
#: of nested wrappers, on which the HTML parser gives up and loses the page) becomes one.
MAX_TAG_RUN = 200
