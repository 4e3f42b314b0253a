"""The soaks' result table: one "| key | value |" row per measurement, keys padded to one width."""

from __future__ import annotations


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(title), *(len(k) for k, _ in rows))
    print(f"| {title:<{width}} | result |")
    print(f"|{'-' * (width + 2)}|--------|")
    for key, value in rows:
        print(f"| {key:<{width}} | {value} |")
