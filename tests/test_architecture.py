"""The shape of the code (DESIGN, Layout): apps depend downwards only, no import cycles inside or
between apps, no private name imported across modules, and no service module over 600 lines.
Read from the source with ``ast``; no module is imported. (Function-local imports are ruff's
PLC0415: each one left says why on its line.)"""

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "infocenter"
LAYERS = ["core", "servicedesk", "logbook", "machineroom", "staffwork", "reports"]
# The only imports of another domain app's code: real domain calls and the domain records they
# touch. Everything generic (workflows, holders, REST helpers, clocks, pinyin) lives in core.
DOMAIN_IMPORTS = {
    "logbook": {
        # a phone call becomes a customer service form (LOG-2 → SD-1) and calls find residents
        "infocenter.servicedesk.services": {"log_form_within"},
        "infocenter.servicedesk.choices": {"Category", "Priority", "ReporterKind", "Source"},
        "infocenter.servicedesk.models": {"Resident"},
        "infocenter.servicedesk.selectors": {"residents_for"},
        # the registers go to the data manager in the service desk's weekly batch (LOG-6)
        "infocenter.servicedesk.archive": {"Participant", "register_participant"},
    },
    "machineroom": {
        # a failed inspection opens a work order (MR-9)
        "infocenter.servicedesk.services": {"open_order_for_rule_within"},
    },
}
MAX_SERVICE_LINES = 600


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str):
    """(imported module, names, top-level?) for every import of ``module``."""
    tree = ast.parse(MODULES[module].read_text())
    top = set(map(id, tree.body))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, set(), id(node) in top
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            names = {a.name for a in node.names}
            submodules = {n for n in names if f"{target}.{n}" in MODULES}
            if submodules:
                for name in submodules:
                    yield f"{target}.{name}", set(), id(node) in top
            if names - submodules:
                yield target, names - submodules, id(node) in top


def _app(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "infocenter" else ""


def _graph(*, top_level_only: bool) -> dict[str, set[str]]:
    graph = defaultdict(set)
    for module in MODULES:
        for target, _names, top in _imports(module):
            if target in MODULES and target != module and (top or not top_level_only):
                graph[module].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def _package_parents(module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def test_design_apps_depend_downwards_only():
    wrong = []
    for module in MODULES:
        app = _app(module)
        if app not in LAYERS:
            continue
        for target, _names, _top in _imports(module):
            other = _app(target)
            if other in LAYERS and LAYERS.index(other) > LAYERS.index(app):
                wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(wrong)


def test_design_logbook_and_machineroom_import_only_domain_calls_from_other_apps():
    wrong = []
    for module in MODULES:
        app = _app(module)
        if app not in DOMAIN_IMPORTS:
            continue
        for target, names, _top in _imports(module):
            other = _app(target)
            if other in LAYERS and other not in ("core", app):
                allowed = DOMAIN_IMPORTS[app].get(target)
                if allowed is None or not names or names - allowed:
                    wrong.append(f"{module} imports {sorted(names) or target} from {target}")
    assert not wrong, "\n".join(wrong)


def test_design_no_import_cycle_inside_or_between_apps():
    graph = _graph(top_level_only=False)
    for module in list(graph):  # a package's __init__ importing its own modules is no cycle
        graph[module] -= _package_parents(module)
    assert not _cycles(graph), _cycles(graph)


def test_design_no_private_name_imported_across_modules():
    wrong = []
    for module in MODULES:
        for target, names, _top in _imports(module):
            if target.startswith("infocenter"):
                wrong += [f"{module} imports {n} from {target}" for n in names if n[:1] == "_"]
    assert not wrong, "\n".join(wrong)


def test_design_no_service_module_over_600_lines():
    long = [
        f"{m}: {len(p.read_text().splitlines())} lines"
        for m, p in MODULES.items()
        if ".services" in f".{m.split('.', 1)[-1]}"
        and len(p.read_text().splitlines()) > MAX_SERVICE_LINES
    ]
    assert not long, "\n".join(long)
