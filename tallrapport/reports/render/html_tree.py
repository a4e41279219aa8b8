"""Our own HTML document read back as a small tree, for the DOCX.

The standard library's parser, not a general HTML5 parser: the input is only
ever the report's own template output, well-formed and escaped by Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f]+")


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def has_class(self, name: str) -> bool:
        return name in self.classes

    def descendants(self) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.descendants()

    def find(self, tag: str) -> Node | None:
        return next((n for n in self.descendants() if n.tag == tag), None)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def _visible(node: Node) -> bool:
    return not node.has_class("ds-sr-only") and node.tag not in {"script", "style", "svg"}


def inline_runs(node: Node) -> list[tuple[str, bool]]:
    """The visible text of an element as (text, superscript) runs, spaces collapsed."""
    runs: list[tuple[str, bool]] = []

    def walk(element: Node, superscript: bool) -> None:
        for child in element.children:
            if isinstance(child, str):
                runs.append((_SPACE.sub(" ", child), superscript))
            elif _visible(child):
                if child.tag == "br":
                    runs.append(("\n", superscript))
                walk(child, superscript or child.tag == "sup")

    walk(node, False)
    merged: list[tuple[str, bool]] = []
    for text, superscript in runs:
        if merged and merged[-1][1] == superscript:
            merged[-1] = (merged[-1][0] + text, superscript)
        elif text:
            merged.append((text, superscript))
    if merged:
        merged[0] = (merged[0][0].lstrip(), merged[0][1])
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return [(text, superscript) for text, superscript in merged if text]


def text_of(node: Node) -> str:
    return "".join(text for text, _superscript in inline_runs(node))
