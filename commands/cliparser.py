"""The command line speaks both languages: argparse's own words (usage, section titles, the
help option, and every error it raises — a missing argument, an unknown option, a wrong
choice or value) in Vietnamese with English alongside, like every other message of tthc.
argparse builds those texts in English; `Parser.error` recognises each of them and says it
in both languages, and `Parser` sets the titles and the help option itself."""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE = "cách dùng / usage: "

# argparse's messages (Python 3.11 wording) -> (Vietnamese, English); groups are reused.
_MESSAGES = [
    (r"the following arguments are required: (.+)", "thiếu đối số bắt buộc: {0}", "the following arguments are required: {0}"),
    (r"unrecognized arguments: (.+)", "đối số không nhận ra: {0}", "unrecognized arguments: {0}"),
    (r"one of the arguments (.+) is required", "cần một trong các đối số {0}", "one of the arguments {0} is required"),
    (r"ambiguous option: (\S+) could match (.+)", "tùy chọn {0} không rõ, có thể là {1}", "ambiguous option: {0} could match {1}"),
    (r"invalid choice: (.+) \(choose from (.+)\)", "lựa chọn không hợp lệ: {0} (chọn một trong: {1})",
     "invalid choice: {0} (choose from {1})"),
    (r"invalid (\S+) value: (.+)", "giá trị không hợp lệ ({0}): {1}", "invalid {0} value: {1}"),
    (r"expected one argument", "cần một giá trị", "expected one argument"),
    (r"expected at least one argument", "cần ít nhất một giá trị", "expected at least one argument"),
    (r"expected (\d+) arguments?", "cần {0} giá trị", "expected {0} arguments"),
    (r"not allowed with argument (.+)", "không dùng cùng đối số {0}", "not allowed with argument {0}"),
    (r"ignored explicit argument (.+)", "đối số bị bỏ qua: {0}", "ignored explicit argument {0}"),
]


def bilingual(message: str) -> str:
    """An argparse error message said in Vietnamese and English ("vi / en"); a message that is
    already bilingual (our own type errors) is kept."""
    m = re.fullmatch(r"argument ([^:]+): (.+)", message, re.S)
    if m:
        name, inner = m.groups()
        if " / " in inner:
            return f"{name}: {inner}"
        vi, en = _translate(inner)
        return f"đối số {name}: {vi} / argument {name}: {en}"
    if " / " in message:
        return message
    vi, en = _translate(message)
    return f"{vi} / {en}"


def _translate(message: str) -> tuple[str, str]:
    for pattern, vi, en in _MESSAGES:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return vi.format(*m.groups()), en.format(*m.groups())
    return message, message


class Parser(argparse.ArgumentParser):
    """argparse.ArgumentParser with bilingual usage, titles, help option and errors; the
    subcommands' parsers are of the same class."""

    def __init__(self, *args, **kwargs):
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "đối số / positional arguments"
        self._optionals.title = "tùy chọn / options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="in hướng dẫn này rồi thoát / show this help message and exit")

    def add_argument(self, *args, **kwargs):
        """Every option says what it does in --help; a --format given without words says its choices
        and its default in both languages."""
        if "--format" in args and kwargs.get("help") is None and kwargs.get("choices"):
            kwargs["help"] = (f"định dạng kết quả / output format: {', '.join(kwargs['choices'])} "
                              f"(mặc định / default {kwargs.get('default') or kwargs['choices'][0]})")
        return super().add_argument(*args, **kwargs)

    def _get_formatter(self):
        formatter = super()._get_formatter()
        add_usage = formatter.add_usage

        def usage_with_prefix(usage, actions, groups, prefix=None):
            return add_usage(usage, actions, groups, USAGE if prefix is None else prefix)
        formatter.add_usage = usage_with_prefix
        return formatter

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi / error: {bilingual(message)}\n")
