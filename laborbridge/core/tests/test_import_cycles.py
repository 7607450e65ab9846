"""No import cycle among the project's modules, and none hidden by an import inside a function.

An import inside a function is how a cycle is usually hidden (`a` imports `b` at the top, `b`
imports `a` inside a function); read from the source, so it costs nothing to check every module.
"""

import ast
from pathlib import Path

import laborbridge

ROOT = Path(laborbridge.__file__).parent
# Django's own idiom: an AppConfig connects its signal receivers when the app registry is ready.
ALLOWED_LOCAL = {("laborbridge.accounts.apps", "laborbridge.accounts.receivers")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {
        _module_name(path): ast.parse(path.read_text(encoding="utf-8"))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    }


def _targets(node, known: set[str]) -> set[str]:
    """The project modules an import statement loads (`from package import module` names the module)."""
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    else:
        return set()
    return {name for name in names if name in known}


def _imports(modules: dict[str, ast.Module]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """Each module's imports at load time, and the (module, target) pairs imported inside functions."""
    known, top, local = set(modules), {}, []
    for name, tree in modules.items():
        inside = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for sub in ast.walk(node):
                    inside.add(id(sub))
                    local += [(name, target) for target in _targets(sub, known)]
        top[name] = {t for node in ast.walk(tree) if id(node) not in inside for t in _targets(node, known)}
    return top, local


def _reaches(top: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(top.get(name, ()))
    return False


def test_no_import_inside_a_function_hides_a_cycle():
    top, local = _imports(_modules())
    hidden = [
        (module, target)
        for module, target in local
        if (module, target) not in ALLOWED_LOCAL and _reaches(top, target, module)
    ]
    assert hidden == [], "these function-local imports hide an import cycle"


def test_no_module_imports_itself_back_at_load_time():
    top, _local = _imports(_modules())
    cycles = sorted(
        (module, target)
        for module, targets in top.items()
        for target in targets
        if _reaches(top, target, module)
    )
    assert cycles == []


def test_it_would_see_a_hidden_cycle():
    tree_a = ast.parse("import laborbridge.b\n")
    tree_b = ast.parse("def f():\n    from laborbridge import a\n")
    top, local = _imports({"laborbridge.a": tree_a, "laborbridge.b": tree_b})
    assert local == [("laborbridge.b", "laborbridge.a")] and _reaches(top, "laborbridge.a", "laborbridge.b")
