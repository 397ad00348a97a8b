"""Word and copy-paste traps: invisible or look-alike characters, named each by its name.

Text pasted from Word, Zalo or a web page brings characters a press officer cannot
see: curly quotes that YAML does not take as quotes, non-breaking spaces that break
the indentation, zero-width characters, bidirectional controls that reverse what a
reader sees, a byte-order mark left in the middle by joining two files. Each is a
problem naming the character and the line; the front matter is then read with the
character mended, so that one trap does not hide the file's other problems.
"""

from __future__ import annotations

import re

from .problems import BODY, FRONT, Problem

CURLY = "“”‘’"
SPACES = {
    "\u00a0": "dấu cách không ngắt (U+00A0)", "\u202f": "dấu cách hẹp không ngắt (U+202F)",
    "\u2007": "dấu cách chữ số (U+2007)", "\u3000": "dấu cách rộng (U+3000)",
    "\u1680": "dấu cách Ogham (U+1680)", "\u205f": "dấu cách toán học (U+205F)",
    **{chr(c): f"dấu cách đặc biệt (U+{c:04X})" for c in range(0x2000, 0x200B) if c != 0x2007},
}
ZERO_WIDTH = {"\u200b": "U+200B", "\u200c": "U+200C", "\u200d": "U+200D", "\u2060": "U+2060",
              "\u00ad": "U+00AD, gạch nối mềm", "\u180e": "U+180E"}
BIDI = {chr(c): f"U+{c:04X}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]}
BOM = "\ufeff"

# A curly quote where YAML expects a value to start: after "key: ", "- " or in a [..] list.
_CURLY_OPEN = re.compile(r"(?:^\s*-\s+|:\s+|[\[,]\s*)([“”‘’])")
# A Unicode space where YAML sees indentation or the separator after ":" or "-".
_SPACE_CLASS = "[ \u00a0\u202f\u2000-\u200a\u3000\u1680\u205f]"
_SYNTAX_SPACE = re.compile(f"^{_SPACE_CLASS}*|[:-]{_SPACE_CLASS}+")
# Control characters YAML refuses (C0 but tab and newline, DEL, C1 but NEL) and lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE = re.compile("[" + "".join(ZERO_WIDTH) + "".join(BIDI) + BOM + "]")


def _visible(line: str) -> str:
    """The line with every invisible or special character shown as ⟨U+XXXX⟩."""
    def mark(char: str) -> str:
        return f"⟨U+{ord(char):04X}⟩"
    shown = "".join(mark(c) if c in SPACES or c in ZERO_WIDTH or c in BIDI or c in (BOM, "\t") or _CONTROL.match(c)
                    else c
                    for c in line.strip(" "))
    return '"' + (shown if len(shown) <= 80 else shown[:77] + "…") + '"'


def scan_front(front: str, rel: str, problems: list[Problem]) -> str:
    """Name every trap of the front matter; return the front matter with them mended."""
    lines = front.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        mended = line
        found: list[str] = []
        if "\t" in line:
            found.append("có ký tự tab; phần thông tin đầu bài chỉ được thụt lề bằng dấu cách: "
                         "thay mỗi tab bằng hai dấu cách")
            mended = re.sub(r"^\t+", lambda m: "  " * len(m.group()), mended).replace("\t", " ")
        spaces = {c for match in _SYNTAX_SPACE.finditer(mended) for c in match.group() if c in SPACES}
        for char in sorted(spaces):
            found.append(f"có {SPACES[char]} (thường do chép từ Word hoặc trang web) ở đầu dòng hoặc sau "
                         "dấu \":\" hay \"-\"; máy không coi đó là dấu cách nên tên trường không được nhận ra. "
                         "Xoá khoảng trắng đó và gõ lại bằng phím cách")
        if spaces:
            mended = _SYNTAX_SPACE.sub(lambda m: "".join(" " if c in SPACES else c for c in m.group()), mended)
        if _CURLY_OPEN.search(mended):
            mended = _CURLY_OPEN.sub(lambda m: m.group()[:-1] + ('"' if m.group(1) in "“”" else "'"), mended)
            mended = re.sub(r"[”“](\s*(?:#.*)?)$", r'"\1', mended)
            mended = re.sub(r"[’‘](\s*(?:#.*)?)$", r"'\1", mended)
            # The writer's own line, mended, when it is short and plain; else a generic one.
            own = re.sub(r"""(["'])\s+#.*$""", r"\1", mended).strip()
            example = own if len(own) <= 100 and not any(c in own for c in CURLY) else 'title: "Hội nghị: tổng kết"'
            found.append("có dấu ngoặc kép cong “ ” hoặc ‘ ’ (Word tự đổi khi gõ) dùng làm dấu ngoặc; "
                         f"máy chỉ hiểu dấu ngoặc thẳng. Gõ lại bằng dấu \" thẳng, ví dụ: {example}")
        zero = sorted({c for c in mended if c in ZERO_WIDTH})
        if zero:
            found.append("có ký tự vô hình (ký tự độ rộng bằng không, " + ", ".join(ZERO_WIDTH[c] for c in zero)
                         + "; thường do chép từ web hoặc Word): xoá nó bằng cách xoá rồi gõ lại các chữ quanh đó")
            mended = "".join(c for c in mended if c not in ZERO_WIDTH)
        controls = sorted({c for c in mended if _CONTROL.match(c)})
        if controls:
            found.append("có ký tự điều khiển không in được (" + ", ".join(f"U+{ord(c):04X}" for c in controls)
                         + "; thường do chép từ một phần mềm khác): xoá rồi gõ lại các chữ quanh đó")
            mended = "".join(c for c in mended if not _CONTROL.match(c))
        for problem_line in found:
            problems.append(Problem(rel, number, FRONT, _visible(line), problem_line))
        lines[number - 1] = mended
    return "\n".join(lines)


def scan_text(text: str, body_line: int, rel: str, problems: list[Problem]) -> str:
    """Name every bidirectional control and mid-file byte-order mark of the whole file.

    Returns the text without them (the front matter is then read as the writer meant it).
    """
    if not _INVISIBLE.search(text) or not any(c in text for c in (*BIDI, BOM)):
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        field = FRONT if number < body_line else BODY
        bidi = sorted({c for c in line if c in BIDI})
        if bidi:
            problems.append(Problem(
                rel, number, field, _visible(line),
                "có ký tự điều khiển chiều chữ (" + ", ".join(BIDI[c] for c in bidi) + "): nó làm chữ hiện "
                "ngược hoặc đảo thứ tự, người đọc thấy khác với điều được viết; xoá nó (xoá rồi gõ lại dòng này)"))
        if BOM in line:
            problems.append(Problem(
                rel, number, field, _visible(line),
                "có dấu BOM (U+FEFF) ở giữa tệp, thường do ghép hai tệp hoặc chép từ tệp khác; "
                "xoá nó (xoá rồi gõ lại đầu dòng này)"))
    return "".join(c for c in text if c not in BIDI and c != BOM)
