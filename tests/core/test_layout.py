"""The house rules a reviewer would otherwise check by hand (ARCHITECTURE.md): modules split by concept
before they grow past what one person holds in their head, no import cycles between modules (lazy
imports inside functions count: they only hide a cycle until the function runs), and feature packages
that import each other only through the hooks the design names."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "participation"
MAX_LINES = 400

# Pairs of feature packages that import each other, and why that is the design rather than a tangle.
# A new pair fails the test; so does a pair listed here that no longer imports both ways.
MUTUAL_FEATURES = {
    frozenset({"core", "extensions"}): "extensions builds the db and app hooks from core's inputs; core's services use db",
    frozenset({"accounts", "notifications"}): "notifications go to accounts' users; account pages set notification preferences",
    frozenset({"moderation", "notifications"}): "moderation mails its decisions; notifications skip blocked people",
    frozenset({"moderation", "ideas"}): "moderation/kinds/ideas registers ideas as moderated content (a declared hook)",
    frozenset({"moderation", "crowdfunding"}): "moderation/kinds/crowdfunding registers campaigns as moderated content (a declared hook)",
}


def modules(package: Path) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    found = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        found[".".join(parts)] = (path, is_package)
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(id(inner) for inner in ast.walk(child))
    return skipped


def import_graph(package: Path) -> dict[str, set[str]]:
    """Which module imports which, wherever the import statement stands (top of the file or inside a
    function). A package's __init__ importing its own submodules (to register routes or re-export)
    is how a package is assembled, not a dependency, so those edges are left out."""
    known = modules(package)
    root = package.name

    def resolve(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, (path, is_package) in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree)
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                    base = ".".join(parts + ([base] if base else []))
                targets = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                if target != root and not target.startswith(root + "."):
                    continue
                imported = resolve(target)
                if imported and imported != name and not (is_package and imported.startswith(name + ".")):
                    graph[name].add(imported)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative: no recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(sorted(graph[start])))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph.get(successor, ())))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def mutual_features(graph: dict[str, set[str]]) -> dict[frozenset[str], list[str]]:
    """Pairs of top-level packages (or modules such as extensions) that import each other, with the imports."""
    def feature(name: str) -> str:
        return name.split(".")[1] if "." in name else name

    crossing: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source, targets in graph.items():
        for target in targets:
            if "." in source and "." in target and feature(source) != feature(target):
                crossing[(feature(source), feature(target))].append(f"{source} -> {target}")
    return {
        frozenset(pair): sorted(crossing[pair] + crossing[pair[::-1]])
        for pair in crossing
        if pair[::-1] in crossing and pair[0] < pair[1]
    }


def test_no_module_grows_past_what_one_person_holds_in_their_head():
    too_long = {
        str(path.relative_to(ROOT)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}, f"split these by concept (at most {MAX_LINES} lines): {too_long}"


def test_no_import_cycles_between_modules_lazy_imports_included():
    assert cycles(import_graph(PACKAGE)) == []


def test_feature_packages_import_each_other_only_through_the_declared_hooks():
    found = mutual_features(import_graph(PACKAGE))
    unexplained = {" <-> ".join(sorted(pair)): imports for pair, imports in found.items() if pair not in MUTUAL_FEATURES}
    assert unexplained == {}, "move the shared piece down or the orchestration up"
    gone = [" <-> ".join(sorted(pair)) for pair in MUTUAL_FEATURES if pair not in found]
    assert gone == [], "these no longer import each other: drop them from MUTUAL_FEATURES"


@pytest.fixture
def tangled_package(tmp_path: Path) -> Path:
    """A tiny package where `orders` imports `billing` at the top and `billing` imports `orders` only inside
    a function, and `reports` imports both without being part of the cycle."""
    package = tmp_path / "participation"
    (package / "orders").mkdir(parents=True)
    (package / "billing").mkdir()
    (package / "__init__.py").write_text("")
    (package / "orders" / "__init__.py").write_text("from participation.orders import services\n")
    (package / "orders" / "services.py").write_text("from participation.billing.invoices import invoice\n")
    (package / "billing" / "__init__.py").write_text("")
    (package / "billing" / "invoices.py").write_text(
        "def invoice():\n    from ..orders.services import place\n    return place\n"
    )
    (package / "reports.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from participation.orders import services\n"
        "if TYPE_CHECKING:\n    from participation.billing import invoices\n"
    )
    return package


def test_a_cycle_hidden_in_a_function_level_import_is_found(tangled_package):
    graph = import_graph(tangled_package)
    assert graph["participation.billing.invoices"] == {"participation.orders.services"}
    assert graph["participation.orders"] == set()  # assembling itself is not a dependency
    assert graph["participation.reports"] == {"participation.orders.services"}  # TYPE_CHECKING is not run
    assert cycles(graph) == [["participation.billing.invoices", "participation.orders.services"]]
    assert mutual_features(graph) == {
        frozenset({"orders", "billing"}): [
            "participation.billing.invoices -> participation.orders.services",
            "participation.orders.services -> participation.billing.invoices",
        ]
    }
