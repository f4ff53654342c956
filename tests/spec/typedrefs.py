"""--without-typed-refs: leaves out of a .wast script what needs typed function
references, which wasmcc does not translate yet, so that the rest of a
module still runs. Scripts of other proposals (tail calls) put a function or
two using (ref null $t) into the module all their assertions use.

In every script-level module (not in assert_invalid and friends, which are
rejected either way):
  - a function that mentions typed references becomes an empty function of
    the same name without exports, so the indices of the others stay;
  - any other field that mentions them, or names what was left out, is left
    out, and so is a function that names what was left out (emptied the same way);
then the commands that invoke an export left out are left out too.
What is left out is blanked, so every other line keeps its number and the
runner's messages point into the original script.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set, Tuple

# Instructions of the typed function references proposal.
TYPED_REF_INSTRUCTIONS = {"call_ref", "return_call_ref", "ref.as_non_null", "br_on_null",
                          "br_on_non_null"}
INVOKING = {"invoke", "assert_return", "assert_trap", "assert_exhaustion", "action"}


@dataclass
class Node:
    """An atom (text set) or a list (items set), at source[start:end]."""
    start: int
    end: int = 0
    text: Optional[str] = None
    items: List["Node"] = field(default_factory=list)

    def head(self) -> Optional[str]:
        return self.items[0].text if self.items else None

    def atoms(self):
        if self.text is not None:
            yield self.text
        for item in self.items:
            yield from item.atoms()


def parse(source: str) -> List[Node]:
    """The top-level s-expressions; comments and string contents are skipped."""
    top: List[Node] = []
    stack: List[Node] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if source.startswith(";;", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
        elif source.startswith("(;", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if source.startswith("(;", i):
                    depth, i = depth + 1, i + 2
                elif source.startswith(";)", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "(":
            stack.append(Node(i))
            i += 1
        elif c == ")":
            if not stack:
                raise ValueError(f"unbalanced ')' at offset {i}")
            node = stack.pop()
            node.end = i + 1
            (stack[-1].items if stack else top).append(node)
            i += 1
        elif c.isspace():
            i += 1
        else:
            start = i
            if c == '"':
                i += 1
                while i < n and source[i] != '"':
                    i += 2 if source[i] == "\\" else 1
                i += 1
            else:
                while i < n and not source[i].isspace() and source[i] not in '();"':
                    i += 1
            atom = Node(start, i, source[start:i])
            if stack:
                stack[-1].items.append(atom)
    if stack:
        raise ValueError("unbalanced '('")
    return top


def uses_typed_refs(node: Node) -> bool:
    if node.text is not None:
        return node.text in TYPED_REF_INSTRUCTIONS
    if node.head() == "ref":  # (ref $t), (ref null $t), (ref func), ...
        return True
    for a, b in zip(node.items, node.items[1:]):
        if a.text == "ref.null" and b.text is not None and (b.text.startswith("$") or b.text.isdigit()):
            return True
    return any(uses_typed_refs(item) for item in node.items)


def field_id(node: Node) -> Optional[str]:
    return node.items[1].text if len(node.items) > 1 and (node.items[1].text or "").startswith("$") else None


def inline_exports(node: Node) -> List[str]:
    return [item.items[1].text for item in node.items
            if item.head() == "export" and len(item.items) > 1 and item.items[1].text]


def module_fields(module: Node) -> Optional[List[Node]]:
    """The fields of a text module, or None for (module binary/quote ...)."""
    items = module.items[1:]
    if items and (items[0].text or "").startswith("$"):
        items = items[1:]
    if items and items[0].text in ("binary", "quote", "definition", "instance"):
        return None
    return [item for item in items if item.text is None]


def strip_module(module: Node, edits: List[Tuple[Node, str]]) -> Set[str]:
    """Decides the edits of one module; returns the export names left out."""
    fields = module_fields(module)
    if not fields:
        return set()
    stubbed: Set[str] = set()  # names of functions emptied: still defined, other type
    dropped: Set[str] = set()  # names of other fields left out: no longer defined
    done: Set[int] = set()
    exports: Set[str] = set()
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(fields):
            if i in done:
                continue
            names = set(f.atoms()) - {field_id(f)}  # a global and a function may share a name
            # A function calling an emptied one would no longer type-check, an
            # export of it would be invoked; a table may still hold it.
            gone = stubbed | dropped if f.head() in ("func", "export") else dropped
            if not (uses_typed_refs(f) or names & gone):
                continue
            done.add(i)
            changed = True
            exports.update(inline_exports(f))
            if f.head() == "export" and len(f.items) > 1:
                exports.add(f.items[1].text)
            if field_id(f):
                (stubbed if f.head() == "func" else dropped).add(field_id(f))
            edits.append((f, f"(func {field_id(f) or ''})" if f.head() == "func" else ""))
    return exports


def invoked_export(command: Node) -> Optional[Tuple[Optional[str], str]]:
    """(module id or None, export name) of the action a command runs."""
    action = command if command.head() == "invoke" else next(
        (item for item in command.items if item.head() == "invoke"), None)
    if action is None or len(action.items) < 2:
        return None
    rest = action.items[1:]
    module = rest[0].text if (rest[0].text or "").startswith("$") else None
    if module:
        rest = rest[1:]
    return (module, rest[0].text) if rest and rest[0].text else None


def without_typed_refs(source: str) -> Tuple[str, List[int]]:
    """The script with typed references left out, and the lines touched."""
    edits: List[Tuple[Node, str]] = []
    removed_exports: Dict[Optional[str], Set[str]] = {}
    for node in parse(source):
        head = node.head()
        if head == "module":
            exports = strip_module(node, edits)
            removed_exports[None] = exports
            if field_id(node):
                removed_exports[field_id(node)] = exports
        elif head in INVOKING:
            target = invoked_export(node)
            if target and target[1] in removed_exports.get(target[0], set()):
                edits.append((node, ""))
    text = list(source)
    lines: Set[int] = set()
    for node, replacement in edits:
        # blanks, then the replacement over them, newlines kept in place
        spots = [k for k in range(node.start, node.end) if text[k] != "\n"]
        for k in spots:
            text[k] = " "
        for k, c in zip(spots, replacement):
            text[k] = c
        first = source.count("\n", 0, node.start) + 1
        lines.update(range(first, first + source.count("\n", node.start, node.end) + 1))
    return "".join(text), sorted(lines)


def line_ranges(lines: List[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    ranges: List[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and lines[j + 1] == lines[j] + 1:
            j += 1
        ranges.append(str(lines[i]) if i == j else f"{lines[i]}-{lines[j]}")
        i = j + 1
    return ", ".join(ranges)
